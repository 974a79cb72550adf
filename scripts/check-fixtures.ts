// Says when the project's copy of the reference kit (test/fixtures/reference, test/fixtures/data)
// differs from ../shared/fixtures and ../shared/data, where that folder exists beside the checkout
// (or at SHARED_DIR). A refreshed reference set is then noticed instead of silently ignored.
//   npm run check:fixtures        exit 0: same, or nothing to compare with; exit 1: lists the differences
// Refresh the copy with: cp -r ../shared/fixtures/. test/fixtures/reference/ && cp -r ../shared/data/. test/fixtures/data/
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shared = path.resolve(process.env.SHARED_DIR ?? path.join(root, "../shared"));
const pairs = [
  { ours: "test/fixtures/reference", theirs: "fixtures" },
  { ours: "test/fixtures/data", theirs: "data" },
];

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

if (!existsSync(shared) || !statSync(shared).isDirectory()) {
  console.log(`check:fixtures: no ${shared} to compare with; the project's copy is used as it is.`);
  process.exit(0);
}

const problems: string[] = [];
let compared = 0;
for (const { ours, theirs } of pairs) {
  const oursDir = path.join(root, ours),
    theirsDir = path.join(shared, theirs);
  const a = new Set(listFiles(oursDir)),
    b = new Set(listFiles(theirsDir));
  for (const f of b) if (!a.has(f)) problems.push(`missing from ${ours}: ${f} (new in ${theirsDir})`);
  for (const f of a) if (!b.has(f)) problems.push(`only in ${ours}: ${f} (gone from ${theirsDir})`);
  for (const f of a) {
    if (!b.has(f)) continue;
    compared++;
    if (digest(path.join(oursDir, f)) !== digest(path.join(theirsDir, f)))
      problems.push(`differs: ${ours}/${f} vs ${path.join(theirsDir, f)}`);
  }
}
if (problems.length > 0) {
  console.error(`check:fixtures: the project's reference kit differs from ${shared} (${problems.length} file(s)):`);
  for (const p of problems) console.error(`  ${p}`);
  console.error(
    "Refresh it: cp -r ../shared/fixtures/. test/fixtures/reference/ && cp -r ../shared/data/. test/fixtures/data/, then run the tests.",
  );
  process.exit(1);
}
console.log(`check:fixtures: ${compared} files, identical to ${shared}.`);
