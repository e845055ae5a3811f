/** Reads what the README tests check out of Markdown: fenced code blocks, shell commands, links, headings. */

export interface CodeBlock {
  /** The fence's language (`ts`, `sh`, `json`, …), or "" for a plain block. */
  lang: string;
  /** The 1-based line of the opening fence in the Markdown file. */
  line: number;
  /** The nearest heading above the block, without its `#`s. */
  section: string;
  /** The block's text, without the fences, ending in a newline. */
  text: string;
}

const FENCE = /^```(\S*)\s*$/;
const HEADING = /^#{1,6}\s+(.*?)\s*$/;

/** Every fenced code block, in order. An unclosed fence is an error, not a block. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      section = HEADING.exec(lines[i]!)?.[1] ?? section;
      continue;
    }
    const end = lines.findIndex((line, j) => j > i && line.trimEnd() === "```");
    if (end < 0) throw new Error(`line ${i + 1}: the code fence is never closed`);
    blocks.push({ lang: open[1]!, line: i + 1, section, text: lines.slice(i + 1, end).join("\n") + "\n" });
    i = end;
  }
  return blocks;
}

/** The Markdown with every fenced block's lines blanked (so that line numbers stay right). */
function prose(markdown: string): string[] {
  const lines = markdown.split("\n");
  for (const block of codeBlocks(markdown)) {
    const count = block.text.split("\n").length + 1; // the text's lines and both fences
    for (let j = block.line - 1; j < block.line - 1 + count; j++) lines[j] = "";
  }
  return lines;
}

export interface Link {
  target: string;
  line: number;
}

/** The targets of the inline links `[text](target)` outside code blocks. */
export function links(markdown: string): Link[] {
  return prose(markdown).flatMap((text, i) =>
    [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ target: m[1]!, line: i + 1 })),
  );
}

/** The anchors GitHub gives the headings (`## The local emulator` → `the-local-emulator`). */
export function headingAnchors(markdown: string): Set<string> {
  return new Set(
    prose(markdown).flatMap((text) => {
      const heading = HEADING.exec(text)?.[1];
      if (heading === undefined) return [];
      return [
        heading
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, "")
          .replace(/\s/g, "-"),
      ];
    }),
  );
}

export interface Command {
  /** The command as bash reads it: comments removed, continuation lines joined. */
  text: string;
  /** The 1-based line in the Markdown file where the command starts. */
  line: number;
}

/** Cuts a trailing `# comment` (a `#` at the start or after a space, outside quotes). */
function withoutComment(line: string): string {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** The commands of a shell block, one per line (a line ending in `\` continues on the next). */
export function shellCommands(block: CodeBlock): Command[] {
  const commands: Command[] = [];
  let pending: Command | undefined;
  block.text.split("\n").forEach((raw, i) => {
    const line = withoutComment(raw).trim();
    const continues = line.endsWith("\\");
    const part = continues ? line.slice(0, -1).trim() : line;
    if (pending) pending.text += ` ${part}`;
    else if (part) pending = { text: part, line: block.line + 1 + i };
    if (!continues && pending) {
      commands.push(pending);
      pending = undefined;
    }
  });
  return commands;
}
