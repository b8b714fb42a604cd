import { paths } from "../context.ts";

/** The caller-data page of a company (look-up, download, erasure). */
export function privacyPaths(companyId: string) {
  const base = paths.company(companyId).privacy;
  return { page: base, lookup: `${base}/lookup`, export: `${base}/export`, erase: `${base}/erase` };
}
