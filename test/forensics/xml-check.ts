/**
 * A tiny XML well-formedness check for the chart tests: tags balanced, one
 * root, attributes quoted, no raw `<` or bare `&` in text or attribute
 * values, no characters XML 1.0 forbids. Returns the decoded texts and
 * attribute values, to check what a reader of the SVG would see.
 */
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const NAME = /^[A-Za-z_][\w.:-]*/;

function checkChars(s: string, where: string): void {
  if (FORBIDDEN.test(s)) throw new Error(`character XML forbids in ${where}`);
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    if (!ENTITY.test(s.slice(i))) throw new Error(`bare & in ${where}: ${JSON.stringify(s.slice(i, i + 20))}`);
  }
  if (s.includes('<')) throw new Error(`raw < in ${where}`);
}

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

/** Throws when `xml` is not well-formed; returns the root element's name and every decoded text and attribute value. */
export function checkXml(xml: string, opts: { html?: boolean } = {}): { root: string; texts: string[]; elements: number } {
  let i = 0;
  const stack: string[] = [];
  const texts: string[] = [];
  let root: string | undefined;
  let elements = 0;
  const voidHtml = new Set(['meta', 'br', 'link']);
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 0) throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
      checkChars(text, 'text');
      texts.push(decode(text));
    }
    if (lt < 0) break;
    const rest = xml.slice(lt);
    if (rest.startsWith('<?')) {
      i = lt + rest.indexOf('?>') + 2;
      continue;
    }
    if (rest.startsWith('<!--')) {
      i = lt + rest.indexOf('-->') + 3;
      continue;
    }
    if (rest.startsWith('<!DOCTYPE')) {
      i = lt + rest.indexOf('>') + 1;
      continue;
    }
    if (rest.startsWith('</')) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(rest);
      if (!m) throw new Error(`bad end tag at ${lt}`);
      const open = stack.pop();
      if (open !== m[1]) throw new Error(`</${m[1]}> closes <${open}> at ${lt}`);
      i = lt + m[0].length;
      continue;
    }
    let j = 1;
    const name = NAME.exec(rest.slice(j))?.[0];
    if (name === undefined) throw new Error(`bad tag at ${lt}: ${JSON.stringify(rest.slice(0, 20))}`);
    j += name.length;
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(rest.slice(j))![0];
      j += ws.length;
      if (rest.startsWith('/>', j) || rest[j] === '>') break;
      if (ws === '') throw new Error(`no space before attribute in <${name}> at ${lt}`);
      const a = /^([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(rest.slice(j));
      if (!a) throw new Error(`bad attribute in <${name}> at ${lt + j}: ${JSON.stringify(rest.slice(j, j + 30))}`);
      if (seen.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} in <${name}>`);
      seen.add(a[1]!);
      checkChars(a[2]!, `attribute ${a[1]}`);
      texts.push(decode(a[2]!));
      j += a[0].length;
    }
    elements++;
    if (stack.length === 0) {
      if (root !== undefined) throw new Error(`second root <${name}>`);
      root = name;
    }
    if (rest.startsWith('/>', j)) {
      i = lt + j + 2;
    } else {
      if (!(opts.html === true && voidHtml.has(name))) stack.push(name);
      i = lt + j + 1;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (root === undefined) throw new Error('no root element');
  return { root, texts, elements };
}
