// Parses Adaptive Cards with the official parser (the `adaptivecards` npm package) and reports what it objects to.
// Usage: node validate-cards.mjs <node_modules folder> <cards.json: an array of cards>
// Prints one JSON line: [{index, problems: [...]}] for the cards with problems; exits 1 when there are any.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [modules, file] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
// The package's `main` is ES module source with extensionless imports; its UMD bundle loads in Node as it is.
const AC = require("adaptivecards/dist/adaptivecards.js");

const cards = JSON.parse(readFileSync(file, "utf8"));
const report = [];
cards.forEach((json, index) => {
  const problems = [];
  const context = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  // Anything the parser did not understand is dropped from its model: compare what comes back out.
  const out = card.toJSON();
  const count = (node, key) => (node && Array.isArray(node[key]) ? node[key].length : 0);
  if (count(out, "body") !== count(json, "body")) problems.push(`body: ${count(json, "body")} elements in, ${count(out, "body")} understood`);
  if (count(out, "actions") !== count(json, "actions")) problems.push(`actions: ${count(json, "actions")} in, ${count(out, "actions")} understood`);
  if (json.version !== "1.5") problems.push(`version ${json.version}, not 1.5`);
  if (problems.length > 0) report.push({ index, problems });
});
console.log(JSON.stringify(report));
process.exit(report.length > 0 ? 1 : 0);
