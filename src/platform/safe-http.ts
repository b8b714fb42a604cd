import { lookup as dnsLookup } from "node:dns/promises";
import https from "node:https";
import { BlockList, isIP } from "node:net";

/**
 * Outbound requests to URLs a tenant sets (the notification webhook): they must not become a way
 * into our own network. The rule, checked when the URL is saved and again when it is used:
 *
 * - https only, no `localhost`, no literal address in a blocked range (`outboundUrlProblem`);
 * - at send time the name is resolved once, every address is checked (`blockedAddress`), and the
 *   connection goes to that checked address (a `lookup` that returns only it), with SNI, the
 *   certificate check and `Host` still on the name — a second, rebinding DNS answer is never asked;
 * - no redirects (a 3xx is a failure), one deadline for DNS + connect + answer, and at most
 *   `maxResponseBytes` of the answer are read.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata 169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64: reaches IPv4 addresses, private ones included
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local (AWS's metadata fd00:ec2::254)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (::ffff:127.0.0.1). */
function embeddedIpv4(ip: string): string | null {
  // The URL parser writes IPv6 canonically: ::ffff:127.0.0.1 → ::ffff:7f00:1.
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const m = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!m) return null;
  const hi = Number.parseInt(m[1]!, 16);
  const lo = Number.parseInt(m[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** Why an address may not be connected to, or null for a public unicast address. */
export function blockedAddress(ip: string): string | null {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 0) return `${ip} is not an IP address`;
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) {
      return blocked.check(v4, "ipv4")
        ? `${ip} is a private, loopback, link-local or reserved address`
        : null;
    }
  }
  return blocked.check(bare, family === 4 ? "ipv4" : "ipv6")
    ? `${ip} is a private, loopback, link-local or reserved address`
    : null;
}

export type OutboundUrlReason = "not_url" | "not_https" | "credentials" | "localhost" | "internal";

const outboundUrlWords: Record<OutboundUrlReason, (host: string) => string> = {
  not_url: () => "is not a URL",
  not_https: () => "must be an https:// URL",
  credentials: () => "must not contain a user name or password",
  localhost: () => "must not point at localhost",
  internal: (host) => `must not point at a private or internal address (${host})`,
};

/**
 * Save-time check of a URL a tenant sets: why it is refused (and the address it names), or null.
 * (The send-time check also resolves the name; this one cannot know what a name resolves to.)
 */
export function outboundUrlIssue(raw: string): { reason: OutboundUrlReason; host: string } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { reason: "not_url", host: "" };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (url.protocol !== "https:") return { reason: "not_https", host };
  if (url.username || url.password) return { reason: "credentials", host };
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".localhost.")) {
    return { reason: "localhost", host };
  }
  if (isIP(host) !== 0 && blockedAddress(host)) return { reason: "internal", host };
  return null;
}

/** The same check in English words for logs, the CLI and the API, or null. */
export function outboundUrlProblem(raw: string): string | null {
  const issue = outboundUrlIssue(raw);
  return issue ? outboundUrlWords[issue.reason](issue.host) : null;
}

export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export interface SafePostOptions {
  body: string;
  headers?: Record<string, string>;
  /** DNS, connect and the whole answer together (5 s). */
  timeoutMs?: number;
  /** How much of the answer is read before the connection is dropped (64 KiB). */
  maxResponseBytes?: number;
  /** The DNS look-up (tests inject one). */
  resolve?: Resolver;
  /** Extra trusted CA certificates (tests: a self-signed receiver). */
  ca?: string | Buffer;
  /** Which resolved addresses are refused; `blockedAddress` unless a test says otherwise. */
  isBlocked?: (ip: string) => string | null;
}

export interface SafeResponse {
  status: number;
  /** At most maxResponseBytes of the answer. */
  body: Buffer;
  truncated: boolean;
}

/** POSTs to a tenant's https URL under the rule above; a refusal or failure rejects. */
export async function safePost(rawUrl: string, options: SafePostOptions): Promise<SafeResponse> {
  const problem = outboundUrlProblem(rawUrl);
  if (problem) throw new OutboundRefusedError(`the URL ${problem}`);
  const url = new URL(rawUrl);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const cap = options.maxResponseBytes ?? 64 * 1024;
  const isBlocked = options.isBlocked ?? blockedAddress;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const deadline = AbortSignal.timeout(timeoutMs);
  const timedOut = () => new OutboundRefusedError(`timed out after ${timeoutMs} ms`);

  // Resolve once; refuse when any answer is internal (a name must not mix public and private).
  let addresses: { address: string; family: number }[];
  if (isIP(hostname) !== 0) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    const resolving = (options.resolve ?? systemResolver)(hostname);
    addresses = await new Promise((resolve, reject) => {
      const onAbort = () => reject(timedOut());
      deadline.addEventListener("abort", onAbort, { once: true });
      resolving.then(resolve, reject).finally(() => deadline.removeEventListener("abort", onAbort));
    });
  }
  if (addresses.length === 0) throw new OutboundRefusedError(`${hostname} did not resolve`);
  for (const { address } of addresses) {
    const why = isBlocked(address);
    if (why) throw new OutboundRefusedError(`${hostname} resolves to ${why}`);
  }
  const target = addresses[0]!;
  const family = target.family === 6 ? 6 : 4;

  return new Promise<SafeResponse>((resolve, reject) => {
    const request = https.request(
      {
        protocol: "https:",
        host: hostname,
        servername: isIP(hostname) === 0 ? hostname : undefined,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        agent: false,
        ca: options.ca,
        headers: {
          ...options.headers,
          host: url.host,
          "content-length": String(Buffer.byteLength(options.body)),
        },
        // Only the address checked above, whatever the name would resolve to now.
        lookup: ((_name: string, opts: { all?: boolean }, callback: LookupCallback) => {
          if (opts?.all) callback(null, [{ address: target.address, family }]);
          else callback(null, target.address, family);
        }) as never,
        signal: deadline,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.destroy();
          reject(new OutboundRefusedError(`answered ${status}: redirects are not followed`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        response.on("data", (chunk: Buffer) => {
          if (truncated) return;
          const room = cap - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = cap;
            truncated = true;
            response.destroy();
            resolve({ status, body: Buffer.concat(chunks), truncated });
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => resolve({ status, body: Buffer.concat(chunks), truncated }));
        response.on("error", (e) => reject(deadline.aborted ? timedOut() : e));
      },
    );
    request.on("error", (e) => reject(deadline.aborted ? timedOut() : e));
    request.end(options.body);
  });
}

type LookupCallback = (
  err: Error | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;
