//! Percent-encoding of query values, for the server and the browser alike.

/// Percent-encodes a query value: everything but unreserved characters (`A–Z a–z 0–9 - _ . ~`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Like `encode`, with spaces as `+` (shorter, readable addresses of searches).
pub fn encode_query(s: &str) -> String {
    encode(s).replace("%20", "+")
}
