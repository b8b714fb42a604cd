/**
 * Where a problem sits in JSON input, from a path such as zod's issue path: `$.hosts[2].email`,
 * `$.data[0].hosts[1]["2050-09-05"]` (a key that is not a name is quoted). With the root "" the
 * path starts at the first key: `hosts[2].email`.
 */
export function jsonPath(path: readonly PropertyKey[], root = "$"): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") {
      out += `[${key}]`;
      continue;
    }
    const name = String(key);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) out += `[${JSON.stringify(name)}]`;
    else out += out === "" ? name : `.${name}`;
  }
  return out;
}
