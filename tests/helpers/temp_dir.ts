/**
 * Scratch directories for tests that write files (metrics reports). They live under
 * `tests/.tmp/` (git-ignored) because that is the one place the test tasks may write
 * (`--allow-write=tests/.tmp`); works the same under Bun and Node.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = "tests/.tmp";

/** A fresh empty directory; `remove()` deletes it with its contents. */
export function tempDir(
  prefix: string,
): { path: string; files(): string[]; read(name: string): string; remove(): void } {
  mkdirSync(ROOT, { recursive: true });
  const path = mkdtempSync(join(ROOT, `${prefix}-`));
  return {
    path,
    files: () => readdirSync(path).sort(),
    read: (name) => readFileSync(join(path, name), "utf8"),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
