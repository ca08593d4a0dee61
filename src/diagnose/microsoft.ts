// How Microsoft's side of a Teams Direct Routing (or ACS direct routing) call is recognised in a
// SIP trace or an SBC log: its documented SIP signalling FQDNs, its documented signalling subnets
// and the Server / User-Agent strings of its SIP proxy. Everything else in such a call is the
// SBC's side or beyond it (the carrier, a PBX).
//
// Sources (read for this table):
// - "Plan Direct Routing", section "SIP Signaling: FQDNs":
//   https://learn.microsoft.com/en-us/microsoftteams/direct-routing-plan#sip-signaling-fqdns
//   (MicrosoftDocs/OfficeDocs-SkypeForBusiness, Teams/direct-routing-plan.md). The page names
//   sip.pstnhub.microsoft.com, sip2.pstnhub.microsoft.com and sip3.pstnhub.microsoft.com, the
//   firewall name sip-all.pstnhub.microsoft.com, sip.pstnhub.dod.teams.microsoft.us (DoD) and
//   sip.pstnhub.gov.teams.microsoft.us / sip-all.pstnhub.gov.teams.microsoft.us (GCC High).
//   Subnets: 52.112.0.0/14 and 52.122.0.0/15 in the current page (revisions from 2021-2023, and
//   the ACS page below, say 52.120.0.0/14, which contains 52.122.0.0/15); DoD 52.127.64.0/21;
//   GCC High 52.127.88.0/21. Older revisions list single addresses (52.114.148.0, 52.114.132.46,
//   52.114.75.24, 52.114.76.76, 52.114.7.24, 52.114.14.70, 52.114.16.74, 52.114.20.29), all
//   inside 52.112.0.0/14.
// - "Azure direct routing infrastructure requirements" (ACS), "SIP Signaling: FQDNs":
//   https://learn.microsoft.com/en-us/azure/communication-services/concepts/telephony/direct-routing-infrastructure
//   (MicrosoftDocs/azure-docs, articles/communication-services/concepts/telephony/direct-routing-infrastructure.md,
//   commit 017654d): the same three FQDNs, 52.112.0.0/14 and 52.120.0.0/14.
// - The sip-du-* names (sip-du-a-us, sip-du-a-eu, sip-du-a-as.pstnhub.microsoft.com) are the
//   hosts Microsoft's SIP proxy uses in its own Record-Route / Contact / OPTIONS (Microsoft's
//   Teams Phone Direct Routing lab: "These are the connection points Microsoft uses for Direct
//   Routing within the documented IP ranges"); every name under pstnhub.microsoft.com is Microsoft's.
// - Server / User-Agent: Microsoft's SIP proxy answers with `Microsoft.PSTNHub.SIPProxy v.<version>
//   i.<instance>` (seen in real OPTIONS answers, e.g. jambonz/jambonz-docs docs/teams.md:
//   `SERVER: Microsoft.PSTNHub.SIPProxy v.2020.7.31.1 i.USWE2.3`); `Microsoft.Teams.SIPSBA` is
//   the Survivable Branch Appliance Microsoft ships to run on certified SBCs.

/** Domains whose every host is Microsoft's Direct Routing SIP proxy. */
export const MICROSOFT_SIP_DOMAINS: readonly string[] = [
  'pstnhub.microsoft.com', // sip, sip2, sip3, sip-all, sip-du-a-us/eu/as, api-du-* ...
  'pstnhub.gov.teams.microsoft.us', // GCC High
  'pstnhub.dod.teams.microsoft.us', // DoD
];

/** The documented SIP signalling subnets (see the sources above). */
export const MICROSOFT_SIP_SUBNETS: readonly string[] = [
  '52.112.0.0/14', // Microsoft 365, Office 365, GCC
  '52.120.0.0/14', // earlier revisions of "Plan Direct Routing" and the ACS page
  '52.122.0.0/15', // the current "Plan Direct Routing"
  '52.127.64.0/21', // DoD
  '52.127.88.0/21', // GCC High
];

/** Server / User-Agent values that only Microsoft's side sends. */
export const MICROSOFT_AGENTS: readonly string[] = ['Microsoft.PSTNHub.SIPProxy', 'Microsoft.Teams.SIPSBA'];

const ipv4 = (s: string): number | undefined => {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
};

const SUBNETS = MICROSOFT_SIP_SUBNETS.map((cidr) => {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipv4(base!)!;
  return { cidr, start, end: start + size - 1 };
});

/** The documented subnet an IPv4 address is in, if any. */
export function microsoftSubnetOf(ip: string): string | undefined {
  const n = ipv4(ip);
  if (n === undefined) return undefined;
  return SUBNETS.find((s) => n >= s.start && n <= s.end)?.cidr;
}

/** A host name under one of Microsoft's Direct Routing SIP domains. */
export function isMicrosoftSipHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return MICROSOFT_SIP_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

/** A Server / User-Agent value that names Microsoft's SIP proxy. */
export function microsoftAgentIn(value: string): string | undefined {
  return MICROSOFT_AGENTS.find((a) => value.includes(a));
}

export interface MicrosoftMatch {
  /** The address and why it is Microsoft's: "52.114.75.24, in Microsoft's documented Direct Routing signalling range 52.112.0.0/14". */
  what: string;
}

/**
 * Whether an address ("52.114.75.24", "52.114.75.24:5061", "sip.pstnhub.microsoft.com:5061",
 * "[52.114.7.24]") is Microsoft's Direct Routing side, and why.
 */
export function microsoftAddress(address: string): MicrosoftMatch | undefined {
  const host = hostOf(address);
  if (!host) return undefined;
  if (isMicrosoftSipHost(host)) return { what: `${host}, a Microsoft Direct Routing SIP host (*.${MICROSOFT_SIP_DOMAINS.find((d) => host.toLowerCase().endsWith(d))})` };
  const subnet = microsoftSubnetOf(host);
  if (subnet) return { what: `${host}, in Microsoft's documented Direct Routing signalling range ${subnet}` };
  return undefined;
}

/** The host part of "host:port", "[ip]:port", "tls/[ip]:port", "UDP:ip:port", "sip:user@host;params". */
export function hostOf(address: string): string | undefined {
  let a = address.trim();
  const at = a.lastIndexOf('@');
  if (at >= 0) a = a.slice(at + 1);
  a = a.replace(/^(?:sips?:|(?:udp|tcp|tls|wss?):\/*|(?:udp|tcp|tls|wss?)\/)/i, '');
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    return end > 1 ? a.slice(1, end) : undefined;
  }
  const cut = a.search(/[:;>,\s/]/);
  const host = cut >= 0 ? a.slice(0, cut) : a;
  return host || undefined;
}
