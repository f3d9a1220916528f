/**
 * The registry of differential generators: family name to {@linkcode Generator}. A new family is a
 * `tests/diff/gen_*.ts` file and one line here; `npx deno task diff --families a,b` picks some.
 * @module
 */
import type { Generator } from "./case.ts";
import { listCase } from "./gen_list.ts";
import { mapCase } from "./gen_map.ts";
import { expCase } from "./gen_exp.ts";
import { bitCase } from "./gen_bit.ts";
import { hllCase } from "./gen_hll.ts";
import { scalarCase } from "./gen_scalar.ts";
import { policyCase } from "./gen_policy.ts";
import { batchCase } from "./gen_batch.ts";
import { pathCase } from "./gen_path.ts";

/** Every family the runner knows, in the order the round-robin visits them. */
export const GENERATORS: Record<string, Generator> = {
  list: listCase,
  map: mapCase,
  exp: expCase,
  bit: bitCase,
  hll: hllCase,
  scalar: scalarCase,
  policy: policyCase,
  batch: batchCase,
  path: pathCase,
};
