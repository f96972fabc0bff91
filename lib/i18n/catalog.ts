/** A message catalog: nested namespaces with ICU message strings at the leaves. */
export type Catalog = { [key: string]: string | Catalog };

/** Every message of a catalog by its dotted key (`clusters.list.title`). */
export function flattenMessages(catalog: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(catalog)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flattenMessages(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * The arguments an ICU message uses (`{count}`, `{count, plural, …}`, rich-text tags `<b>…</b>`
 * as `<b>`), looking into plural and select branches. Apostrophe quoting is honoured. Throws on
 * unbalanced braces, which next-intl would refuse at run time.
 */
export function messageArguments(message: string): Set<string> {
  const args = new Set<string>();
  let i = 0;

  const text = (depth: number): void => {
    while (i < message.length) {
      const c = message[i];
      if (c === "'" && (message[i + 1] === "{" || message[i + 1] === "}" || message[i + 1] === "<")) {
        const end = message.indexOf("'", i + 1);
        i = end === -1 ? message.length : end + 1;
      } else if (c === "{") {
        i++;
        argument();
      } else if (c === "}") {
        if (depth === 0) throw new Error(`unbalanced "}" in ${JSON.stringify(message)}`);
        return;
      } else if (c === "<") {
        const m = /^<\/?([A-Za-z][\w-]*)>/.exec(message.slice(i));
        if (m?.[1]) {
          args.add(`<${m[1]}>`);
          i += m[0].length;
        } else i++;
      } else i++;
    }
    if (depth > 0) throw new Error(`unbalanced "{" in ${JSON.stringify(message)}`);
  };

  const argument = (): void => {
    const head = /^\s*([^\s,{}]+)\s*(?:,\s*(\w+)\s*)?/.exec(message.slice(i));
    if (!head?.[1]) throw new Error(`empty argument in ${JSON.stringify(message)}`);
    args.add(head[1]);
    i += head[0].length;
    const type = head[2];
    if (type === "plural" || type === "select" || type === "selectordinal") {
      if (message[i] !== ",") throw new Error(`${type} without branches in ${JSON.stringify(message)}`);
      i++;
      // branches: selector {message} …
      for (;;) {
        while (/\s/.test(message[i] ?? "")) i++;
        if (message[i] === "}") break;
        const sel = /^(offset:\d+|=?[\w-]+)\s*/.exec(message.slice(i));
        if (!sel) throw new Error(`bad branch in ${JSON.stringify(message)}`);
        i += sel[0].length;
        if (sel[1]?.startsWith("offset:")) continue;
        if (message[i] !== "{") throw new Error(`branch without message in ${JSON.stringify(message)}`);
        i++;
        text(1);
        i++; // the branch's "}"
      }
    } else {
      // simple argument or a formatted one (number, date, time) with an optional style
      const close = message.indexOf("}", i);
      if (close === -1) throw new Error(`unbalanced "{" in ${JSON.stringify(message)}`);
      i = close;
    }
    if (message[i] !== "}") throw new Error(`unbalanced "{" in ${JSON.stringify(message)}`);
    i++;
  };

  text(0);
  return args;
}
