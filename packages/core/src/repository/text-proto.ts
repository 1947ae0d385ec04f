import { BqdeployError } from "../errors/index.js";

// A small reader for protobuf text format, enough for TF Serving's models.config:
// fields `name: value` and `name [:] { ... }`, quoted strings, numbers, identifiers, `#` comments.

/** One field of a text-format message; repeated fields appear several times. */
export interface TextField {
  name: string;
  value: string | number | boolean | TextMessage;
  line: number;
}
export type TextMessage = TextField[];

interface Token {
  kind: "ident" | "string" | "number" | "punct";
  text: string;
  line: number;
}

function fail(line: number, what: string): never {
  throw new BqdeployError(
    "INVALID_CONFIG",
    `models.config line ${line}: ${what}. Fix the file or delete it to let bqdeploy rewrite it.`,
    {
      details: { line },
    },
  );
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (/\s/.test(c) || c === ";" || c === ",") {
      i++;
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if ("{}:<>[]".includes(c)) {
      tokens.push({ kind: "punct", text: c === "<" ? "{" : c === ">" ? "}" : c, line });
      i++;
    } else if (c === "'" || c === '"') {
      let out = "";
      i++;
      while (text[i] !== c) {
        if (i >= text.length || text[i] === "\n") fail(line, "unterminated string");
        if (text[i] === "\\") {
          const next = text[i + 1] ?? "";
          out += ESCAPES[next] ?? next;
          i += 2;
        } else out += text[i++];
      }
      i++;
      tokens.push({ kind: "string", text: out, line });
    } else {
      const match = /^[-+]?[A-Za-z0-9_.]+/.exec(text.slice(i));
      if (!match) fail(line, `unexpected character ${JSON.stringify(c)}`);
      const word = match[0];
      tokens.push({ kind: /^[-+]?[0-9]/.test(word) ? "number" : "ident", text: word, line });
      i += word.length;
    }
  }
  return tokens;
}

/** Parses protobuf text format into a generic field list. Throws INVALID_CONFIG with a line number. */
export function parseTextProto(text: string): TextMessage {
  const tokens = tokenize(text);
  let at = 0;
  function message(closing: boolean): TextMessage {
    const fields: TextMessage = [];
    for (;;) {
      const token = tokens[at];
      if (!token) {
        if (closing) fail(tokens.at(-1)?.line ?? 1, "missing '}'");
        return fields;
      }
      if (token.kind === "punct" && token.text === "}") {
        if (!closing) fail(token.line, "unexpected '}'");
        at++;
        return fields;
      }
      if (token.kind !== "ident")
        fail(token.line, `expected a field name, got ${JSON.stringify(token.text)}`);
      at++;
      let next = tokens[at];
      const colon = next?.kind === "punct" && next.text === ":";
      if (colon) next = tokens[++at];
      if (!next) fail(token.line, `field ${token.text} has no value`);
      if (next.kind === "punct" && next.text === "{") {
        at++;
        fields.push({ name: token.text, value: message(true), line: token.line });
      } else if (!colon) {
        fail(next.line, `expected ':' after ${token.text}`);
      } else if (next.kind === "number") {
        const value = Number(next.text);
        if (!Number.isFinite(value)) fail(next.line, `bad number ${next.text}`);
        fields.push({ name: token.text, value, line: token.line });
        at++;
      } else if (next.kind === "string" || next.kind === "ident") {
        const value =
          next.kind === "ident" && (next.text === "true" || next.text === "false")
            ? next.text === "true"
            : next.text;
        fields.push({ name: token.text, value, line: token.line });
        at++;
      } else {
        fail(next.line, `unexpected ${JSON.stringify(next.text)}`);
      }
    }
  }
  return message(false);
}

/** Quotes a string for text format. */
export function quoteText(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}
