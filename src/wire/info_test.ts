import assert from "node:assert/strict";
import { hex, test, toHex } from "../../tests/helpers/test.ts";
import {
  decodeInfoRequest,
  decodeInfoResponse,
  encodeInfoRequest,
  encodeInfoResponse,
  encodePeers,
  encodeReplicas,
  ownsPartition,
  parseInfoError,
  parseKeyValues,
  parsePeers,
  parseReplicas,
  PARTITION_BITMAP_BYTES,
  PARTITION_COUNT,
  setPartition,
} from "./info.ts";
import { PROTO_HEADER_SIZE, PROTO_TYPE_INFO, readProtoHeader, WireFormatError } from "./proto.ts";

interface SurveyEntry {
  cmd: string;
  request: string;
  reply_text: string;
  reply: string;
}

const vectors = new URL("../../tests/fixtures/vectors/", import.meta.url);
async function survey(name: string): Promise<SurveyEntry[]> {
  return JSON.parse(await Deno.readTextFile(new URL(name, vectors))) as SurveyEntry[];
}
const SURVEYS = ["info_single.json", "info_cluster_node1.json", "info_cluster_node2.json"];
const body = (frameHex: string): Uint8Array => hex(frameHex).subarray(PROTO_HEADER_SIZE);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Reply text as [name, value] lines, split independently of the code under test. */
function lines(text: string): [string, string][] {
  return text.split("\n").filter((l) => l !== "").map((l) => {
    const [name, ...rest] = l.split("\t");
    return [name, rest.join("\t")];
  });
}

async function replyOf(file: string, cmd: string): Promise<string> {
  const e = (await survey(file)).find((x) => x.cmd === cmd);
  assert.ok(e, `${file} has ${cmd}`);
  return decodeInfoResponse(body(e.reply)).get(cmd) ?? assert.fail(`no ${cmd} in reply`);
}

test("info requests encode byte-exact to what the official client sent", async () => {
  for (const file of SURVEYS) {
    for (const e of await survey(file)) {
      const commands = e.cmd.split("\n").filter((c) => c !== "");
      assert.equal(toHex(encodeInfoRequest(commands)), e.request, `${file} ${JSON.stringify(e.cmd)}`);
      assert.deepEqual(decodeInfoRequest(body(e.request)), commands);
    }
  }
});

test("info replies encode byte-exact to what a real node sent", async () => {
  let checked = 0;
  for (const file of SURVEYS) {
    for (const e of await survey(file)) {
      const entries = lines(e.reply_text);
      assert.equal(toHex(encodeInfoResponse(entries)), e.reply, `${file} ${JSON.stringify(e.cmd)}`);
      assert.deepEqual([...decodeInfoResponse(body(e.reply))], entries);
      checked++;
    }
  }
  assert.equal(checked, 93);
});

test("every info exchange of the official client decodes and re-encodes byte-exact", async () => {
  for (const file of ["info.json", "more/info.json"]) {
    const frames = JSON.parse(await Deno.readTextFile(new URL(file, vectors))) as {
      dir: string;
      text: string;
      hex: string;
    }[];
    assert.ok(frames.length > 10);
    for (const f of frames) {
      assert.equal(readProtoHeader(hex(f.hex)).type, PROTO_TYPE_INFO);
      if (f.dir === "c2s") {
        const cmds = decodeInfoRequest(body(f.hex));
        assert.equal(cmds.join("\n") + "\n", f.text);
        assert.equal(toHex(encodeInfoRequest(cmds)), f.hex);
      } else {
        const map = decodeInfoResponse(body(f.hex));
        assert.equal(toHex(encodeInfoResponse(map)), f.hex);
      }
    }
  }
});

test("an empty request is an empty body, answered with the node's default set", async () => {
  assert.equal(toHex(encodeInfoRequest([])), "0201000000000000");
  const e = (await survey("info_single.json")).find((x) => x.cmd === "");
  assert.ok(e);
  const map = decodeInfoResponse(body(e.reply));
  assert.equal(map.get("node"), "A1");
  assert.equal(map.get("build"), "8.1.2.0");
  assert.equal(map.get("build_ee_sha"), "");
});

test("a reply value keeps its tabs; a line without a tab maps to an empty value", () => {
  const map = decodeInfoResponse(utf8("a\tx\ty\nempty\t\nbare\n\n"));
  assert.deepEqual([...map], [["a", "x\ty"], ["empty", ""], ["bare", ""]]);
  assert.equal(decodeInfoResponse(new Uint8Array(0)).size, 0);
});

test("commands with a newline and reply lines that would break framing are refused", () => {
  assert.throws(() => encodeInfoRequest(["node\nbuild"]), RangeError);
  assert.throws(() => encodeInfoRequest([""]), RangeError);
  assert.throws(() => encodeInfoResponse([["a\tb", "1"]]), RangeError);
  assert.throws(() => encodeInfoResponse([["a", "1\n2"]]), RangeError);
  assert.deepEqual(decodeInfoRequest(utf8("node\nbuild")), ["node", "build"]);
});

test("ERROR answers of a real node parse into code and message", async () => {
  assert.deepEqual(parseInfoError(await replyOf("info_single.json", "no-such-command")), {
    code: 4,
    message: "unrecognized command",
  });
  assert.deepEqual(parseInfoError(await replyOf("info_single.json", "peers-tls-std")), {
    code: 25,
    message: "enterprise only",
  });
  assert.deepEqual(parseInfoError("FAIL:200:Index with the same name already exists"), {
    code: 200,
    message: "Index with the same name already exists",
  });
  assert.deepEqual(parseInfoError("ERROR::bad-namespace"), { code: 1, message: "bad-namespace" });
  assert.deepEqual(parseInfoError("ERROR"), { code: 1, message: "" });
  assert.deepEqual(parseInfoError("ERROR:a:b"), { code: 1, message: "a:b" });
});

test("ordinary values are not errors", async () => {
  for (const e of await survey("info_single.json")) {
    for (const [, value] of lines(e.reply_text)) {
      if (!value.startsWith("ERROR")) assert.equal(parseInfoError(value), null, value.slice(0, 40));
    }
  }
  assert.equal(parseInfoError("errors=0"), null);
  assert.equal(parseInfoError("ok"), null);
});

test("parseKeyValues() splits statistics and set lists", async () => {
  const stats = parseKeyValues(await replyOf("info_single.json", "statistics"));
  assert.equal(stats.get("cluster_size"), "1");
  assert.equal(stats.get("cluster_principal"), "A1");
  const set = parseKeyValues((await replyOf("info_single.json", "sets")).split(";")[0], ":", "=");
  assert.equal(set.get("ns"), "test");
  assert.equal(set.get("set"), "vec");
  assert.deepEqual([...parseKeyValues("a=1=2;;flag;b=")], [["a", "1=2"], ["flag", ""], ["b", ""]]);
});

test("a single node's replicas own every partition as master", async () => {
  const map = parseReplicas(await replyOf("info_single.json", "replicas"));
  assert.deepEqual([...map.keys()], ["test"]);
  const ns = map.get("test");
  assert.ok(ns);
  assert.equal(ns.regime, 0);
  assert.equal(ns.replicas.length, 1);
  assert.equal(ns.replicas[0].length, PARTITION_BITMAP_BYTES);
  for (let pid = 0; pid < PARTITION_COUNT; pid++) assert.ok(ownsPartition(ns.replicas[0], pid));
});

test("two nodes with two replicas split masters and hold each other's proles", async () => {
  const a = parseReplicas(await replyOf("info_cluster_node1.json", "replicas")).get("test");
  const b = parseReplicas(await replyOf("info_cluster_node2.json", "replicas")).get("test");
  assert.ok(a && b);
  assert.equal(a.replicas.length, 2);
  let aMasters = 0;
  for (let pid = 0; pid < PARTITION_COUNT; pid++) {
    const am = ownsPartition(a.replicas[0], pid);
    assert.notEqual(am, ownsPartition(b.replicas[0], pid), `partition ${pid} has one master`);
    assert.equal(ownsPartition(a.replicas[1], pid), !am);
    assert.equal(ownsPartition(b.replicas[1], pid), am);
    if (am) aMasters++;
  }
  assert.ok(aMasters > 1500 && aMasters < 2600, `${aMasters} masters on node 1`);
});

test("replicas re-encode to the exact text a real node sent", async () => {
  for (const file of SURVEYS) {
    const text = await replyOf(file, "replicas");
    assert.equal(encodeReplicas(parseReplicas(text)), text);
  }
});

test("partition bits are most-significant first", () => {
  const bitmap = new Uint8Array(PARTITION_BITMAP_BYTES);
  bitmap[0] = 0x80;
  bitmap[511] = 0x01;
  assert.ok(ownsPartition(bitmap, 0));
  assert.ok(!ownsPartition(bitmap, 7));
  assert.ok(ownsPartition(bitmap, 4095));
  assert.ok(!ownsPartition(bitmap, 4088));
  const built = new Uint8Array(PARTITION_BITMAP_BYTES);
  setPartition(built, 0);
  setPartition(built, 4095);
  assert.deepEqual(built, bitmap);
  assert.throws(() => ownsPartition(bitmap, 4096), RangeError);
  assert.throws(() => setPartition(bitmap, -1), RangeError);
});

test("replicas encode several namespaces and a regime", () => {
  const m = new Uint8Array(PARTITION_BITMAP_BYTES);
  setPartition(m, 3);
  const text = encodeReplicas(
    new Map([["a", { regime: 7, replicas: [m] }], ["b", { regime: 0, replicas: [] }]]),
  );
  assert.match(text, /^a:7,1,[A-Za-z0-9+/=]{684};b:0,0$/);
  const back = parseReplicas(text + ";");
  assert.equal(back.get("a")?.regime, 7);
  assert.ok(back.get("a")?.replicas[0] && ownsPartition(back.get("a")!.replicas[0], 3));
  assert.equal(back.get("b")?.replicas.length, 0);
});

test("malformed replicas are WireFormatErrors", () => {
  const good = btoa(String.fromCharCode(...new Uint8Array(PARTITION_BITMAP_BYTES)));
  for (
    const bad of [
      `test:0,2,${good}`, // count says 2, one bitmap
      `test:0,1,${good},${good}`,
      `test:0,1,@@@@`,
      `test:0,1,AAAA`, // 3 bytes, not 512
      `test:x,1,${good}`,
      `:0,1,${good}`,
      `test`,
    ]
  ) {
    assert.throws(() => parseReplicas(bad), WireFormatError, bad.slice(0, 30));
  }
});

test("peers-clear-std of a real cluster parses, with the default port filled in", async () => {
  assert.deepEqual(parsePeers(await replyOf("info_single.json", "peers-clear-std")), {
    generation: 0,
    defaultPort: 3000,
    peers: [],
  });
  assert.deepEqual(parsePeers(await replyOf("info_cluster_node1.json", "peers-clear-std")), {
    generation: 2,
    defaultPort: 3000,
    peers: [{ nodeId: "C2", tlsName: "", hosts: [{ host: "127.0.0.1", port: 3100 }] }],
  });
  assert.deepEqual(parsePeers(await replyOf("info_cluster_node2.json", "peers-clear-std")), {
    generation: 2,
    defaultPort: 3000,
    peers: [{ nodeId: "C1", tlsName: "", hosts: [{ host: "127.0.0.1", port: 3000 }] }],
  });
});

test("peers re-encode to the exact text a real node sent", async () => {
  for (const file of SURVEYS) {
    for (const cmd of ["peers-clear-std", "peers-clear-alt"]) {
      const text = await replyOf(file, cmd);
      assert.equal(encodePeers(parsePeers(text)), text);
    }
  }
});

test("peers with TLS names, several hosts and IPv6 round-trip", () => {
  const text = "5,3000,[[BB9,tls-a,[10.0.0.1,[2001:db8::1]:3100]],[BB8,,[[::1]]]]";
  const info = parsePeers(text);
  assert.deepEqual(info.peers, [
    {
      nodeId: "BB9",
      tlsName: "tls-a",
      hosts: [{ host: "10.0.0.1", port: 3000 }, { host: "2001:db8::1", port: 3100 }],
    },
    { nodeId: "BB8", tlsName: "", hosts: [{ host: "::1", port: 3000 }] },
  ]);
  assert.equal(encodePeers(info), text);
  assert.deepEqual(parsePeers("1,,[[X,,[h:4000]]]").peers[0].hosts, [{ host: "h", port: 4000 }]);
});

test("malformed peers are WireFormatErrors", () => {
  for (
    const bad of [
      "",
      "2,3000",
      "2,3000,[",
      "2,3000,[[C2,,[127.0.0.1:3100]]",
      "2,3000,[[C2,,[127.0.0.1:99999]]]",
      "2,3000,[[C2,,[127.0.0.1:]]]",
      "2,3000,[[,,[127.0.0.1]]]",
      "2,3000,[[C2,[127.0.0.1]]]",
      "2,3000,[]x",
      "x,3000,[]",
      "1,,[[X,,[h]]]",
    ]
  ) {
    assert.throws(() => parsePeers(bad), WireFormatError, bad);
  }
});
