/**
 * Names a missing namespace in words, with the namespaces the cluster has: a real server accepts
 * a truncate or an index for a namespace it does not have, and a record command for one fails
 * with INVALID_NAMESPACE ("namespace ... not found in the partition map"), which does not list
 * the names that would have worked.
 * @module
 */
import { AerospikeError, type Client, ResultCode } from "../mod.ts";
import { CommandFailed } from "./errors.ts";

/**
 * Throws {@linkcode CommandFailed} unless the cluster has namespace `ns`.
 * @example `await checkNamespace(client, "test");`
 */
export async function checkNamespace(client: Client, ns: string): Promise<void> {
  const known = await client.namespaces();
  if (!known.includes(ns)) throw new CommandFailed(`no namespace ${ns} (namespaces: ${known.join(", ")})`);
}

/**
 * Runs `fn`; when it fails with INVALID_NAMESPACE (or INVALID_NODE_ERROR) and the cluster has no
 * namespace `ns`, says that instead.
 * @example `const rec = await explainNamespace(client, key.ns, () => client.get(key));`
 */
export async function explainNamespace<T>(client: Client, ns: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (
      err instanceof AerospikeError &&
      (err.code === ResultCode.INVALID_NAMESPACE || err.code === ResultCode.INVALID_NODE_ERROR)
    ) {
      await checkNamespace(client, ns);
    }
    throw err;
  }
}
