/**
 * Client events (`client.on()` / `client.off()`): an observer of cluster changes that calls the
 * listeners registered for `nodeAdded`, `nodeRemoved`, `connected` and `disconnected`. It has
 * no command methods, so listening costs commands nothing.
 * @module
 */
import type { NodeRef, Observer } from "./observer.ts";

/** The listeners of each client event. */
export interface ClientEventMap {
  /** A node joined (tending found it). */
  nodeAdded: (node: NodeRef) => void;
  /** A node left (stopped answering, or no peer lists it any more); `reason` in words. */
  nodeRemoved: (node: NodeRef, reason: string) => void;
  /** The cluster has a node again after `disconnected`. */
  connected: () => void;
  /** No node is reachable any more; commands fail until tending finds one again. */
  disconnected: () => void;
}

/** A client event name. */
export type ClientEvent = keyof ClientEventMap;

const NAMES: readonly ClientEvent[] = ["nodeAdded", "nodeRemoved", "connected", "disconnected"];

/**
 * The listeners of one client, and the observer feeding them. A listener that throws is
 * ignored (it cannot disturb tending).
 * @example
 * ```ts
 * import type { ObserverHub } from "./hub.ts";
 * declare const hub: ObserverHub;
 * const events = new ClientEvents();
 * hub.add(events.observer);
 * events.on("nodeRemoved", (node, why) => console.warn(node.name, why));
 * ```
 */
export class ClientEvents {
  #listeners: { [E in ClientEvent]: ClientEventMap[E][] } = {
    nodeAdded: [],
    nodeRemoved: [],
    connected: [],
    disconnected: [],
  };

  /** Adds a listener (the same function twice is called twice, as with node:events). */
  on<E extends ClientEvent>(event: E, listener: ClientEventMap[E]): void {
    check(event, listener);
    (this.#listeners[event] as ClientEventMap[E][]).push(listener);
  }

  /** Removes one registration of a listener (no-op when it is not registered). */
  off<E extends ClientEvent>(event: E, listener: ClientEventMap[E]): void {
    check(event, listener);
    const list = this.#listeners[event] as ClientEventMap[E][];
    const at = list.lastIndexOf(listener);
    if (at >= 0) list.splice(at, 1);
  }

  /** The observer to register on the client's hub. */
  readonly observer: Observer = {
    nodeAdded: (node) => this.#emit("nodeAdded", (l) => l(node)),
    nodeRemoved: (node, reason) => this.#emit("nodeRemoved", (l) => l(node, reason)),
    clusterConnected: () => this.#emit("connected", (l) => l()),
    clusterDisconnected: () => this.#emit("disconnected", (l) => l()),
  };

  #emit<E extends ClientEvent>(event: E, call: (l: ClientEventMap[E]) => void): void {
    for (const l of [...this.#listeners[event]] as ClientEventMap[E][]) {
      try {
        call(l);
      } catch { /* a listener cannot fail the tender */ }
    }
  }
}

function check(event: string, listener: unknown): void {
  if (!NAMES.includes(event as ClientEvent)) {
    throw new TypeError(`unknown client event ${JSON.stringify(event)} (one of ${NAMES.join(", ")})`);
  }
  if (typeof listener !== "function") throw new TypeError("an event listener must be a function");
}
