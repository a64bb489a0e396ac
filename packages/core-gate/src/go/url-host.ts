/**
 * Go `net/url.Parse(value).Hostname()`, for endpoint-domain inference. WHATWG `new URL()` would
 * punycode IDN hosts and rewrite IPv4 forms, so the host is cut out of the authority by hand, the
 * way Go does it. Returns "" where Go's parse fails.
 */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function goUrlHostname(raw: string): string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return '';
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const scheme = SCHEME.exec(rest);
  if (!scheme) {
    // Go: "first path segment in URL cannot contain colon" for scheme-less strings with ':' before '/'.
    return '';
  }
  rest = rest.slice(scheme[0].length);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('//')) return '';
  rest = rest.slice(2);
  const slash = rest.indexOf('/');
  let authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return '';
    authority = authority.slice(at + 1);
  }
  let host: string;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return '';
    const after = authority.slice(close + 1);
    if (after !== '' && !/^:\d*$/.test(after)) return '';
    host = authority.slice(1, close);
    const zone = host.indexOf('%25');
    if (zone >= 0) host = host.slice(0, zone) + '%' + decodePercent(host.slice(zone + 3));
    return host;
  }
  const colon = authority.lastIndexOf(':');
  if (colon >= 0) {
    const port = authority.slice(colon + 1);
    if (!/^\d*$/.test(port)) return '';
    host = authority.slice(0, colon);
  } else {
    host = authority;
  }
  if (!/^[A-Za-z0-9\-._~!$&'()*+,;=%\u0080-\u{10ffff}]*$/u.test(host)) return '';
  if (host.includes('%')) {
    const decoded = decodePercent(host);
    return decoded ?? '';
  }
  return host;
}

function decodePercent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}
