//! The site's addresses: `base_url` checked and split into the URL and its
//! path (from `site.toml` or `--base-url`), and every URL made from it for
//! pages, feeds and sitemaps (`absolute_url`, `site_url`, `resolve_url`).
//!
//! `values` reports a bad `base_url` in `site.toml` through
//! `parse_base_url`; `Config` itself is defined in `mod.rs`.

use crate::config::Config;
use crate::problem::Problem;

impl Config {
    /// Replaces `base_url` (from `--base-url`), with the same checks.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Problem> {
        let (base_url, base_path) = parse_base_url(url).map_err(|message| {
            Problem::new("--base-url", message).help("pass the address the site will be served at, such as `http://127.0.0.1:8080/news/`")
        })?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }

    /// The absolute URL of a site path such as `2022/02/01/slug/`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The scheme and host of `base_url`: `https://example.org`.
    pub fn origin(&self) -> &str {
        self.base_url
            .strip_suffix(self.base_path.as_str())
            .unwrap_or(&self.base_url)
    }

    /// An absolute URL for a link or image given as a URL (any case of
    /// `http://` or `https://`, or protocol-relative `//host/...`) or a site
    /// path.
    pub fn resolve_url(&self, url_or_path: &str) -> String {
        let starts = |prefix: &str| {
            url_or_path
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        };
        let url = if starts("http://") || starts("https://") {
            url_or_path.to_string()
        } else if url_or_path.starts_with("//") {
            let scheme = self.base_url.split("//").next().unwrap_or("https:");
            format!("{scheme}{url_or_path}")
        } else {
            self.absolute_url(url_or_path)
        };
        encode_url(&url)
    }

    /// The root-relative URL of a site path, with the base path in front:
    /// `/news/2022/02/01/slug/`. Works at the domain root and under a sub-path.
    pub fn site_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }
}

/// Percent-encodes what may not stand in a URL as written by hand (spaces,
/// quotes, non-ASCII letters), leaving its structure and `%XX` escapes alone.
fn encode_url(url: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const UNSAFE: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^');
    utf8_percent_encode(url, UNSAFE).to_string()
}

/// Splits a base URL into (normalised URL ending in `/`, path ending in `/`).
pub(super) fn parse_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("`base_url = \"{url}\"` has no scheme (https://)"));
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "`base_url` has the scheme `{scheme}`; only http and https are served"
        ));
    }
    if rest.contains(['?', '#', ' ']) {
        return Err(format!(
            "`base_url = \"{url}\"` may not contain a query, a fragment or spaces"
        ));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(format!("`base_url = \"{url}\"` has no host name"));
    }
    let path = path.trim_matches('/');
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err(format!(
            "`base_url = \"{url}\"` may not contain `.` or `..` segments"
        ));
    }
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    Ok((format!("{scheme}://{host}{base_path}"), base_path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::MINIMAL;

    #[test]
    fn hand_written_urls_are_encoded() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(
            config.resolve_url("images/photo one.jpg"),
            "https://example.org/news/images/photo%20one.jpg"
        );
        assert_eq!(
            config.resolve_url("https://cdn.example/a%20b/café.jpg"),
            "https://cdn.example/a%20b/caf%C3%A9.jpg"
        );
        assert_eq!(
            config.resolve_url("//cdn.example/a.jpg"),
            "https://cdn.example/a.jpg"
        );
        assert_eq!(
            config.resolve_url("HTTPS://cdn.example/a.jpg"),
            "HTTPS://cdn.example/a.jpg"
        );
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(
            parse_base_url("https://a.org").unwrap(),
            ("https://a.org/".into(), "/".into())
        );
        assert_eq!(
            parse_base_url("http://a.org/x/y/").unwrap(),
            ("http://a.org/x/y/".into(), "/x/y/".into())
        );
        assert!(parse_base_url("ftp://a.org/").is_err());
        assert!(parse_base_url("https:///x").is_err());
        assert!(parse_base_url("https://a.org/../x").is_err());
    }
}
