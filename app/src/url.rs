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

/// An address with the non-empty parameters of `pairs` as its query, in order (`encode_query`).
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode_query(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn with_query_leaves_out_empty_values_and_encodes() {
        assert_eq!(
            super::with_query("/thu-ky", &[("a", ""), ("b", " ")]),
            "/thu-ky"
        );
        assert_eq!(
            super::with_query(
                "/thu-ky",
                &[("trang-thai", "submitted"), ("tu-khoa", "hồ sơ")]
            ),
            "/thu-ky?trang-thai=submitted&tu-khoa=h%E1%BB%93+s%C6%A1"
        );
    }
}
