//! Readings of scalar values that are part of the language: deploy-time placeholders,
//! `resourceArn`s and timestamps.

use fdl_syntax::Node;

use crate::catalogue::Integration;

/// True when the node is a deploy-time placeholder (FDL-SPEC §12 row 26): it carries a tag
/// other than a YAML core tag (funcraft's `!Ref`), or is a string holding `${...}`, `{{...}}`,
/// `<name>` or `{name}` holes. Shape checks skip placeholders.
pub fn is_placeholder(node: &Node) -> bool {
    if has_custom_tag(node) || is_intrinsic_function(node) {
        return true;
    }
    node.as_scalar()
        .is_some_and(|s| has_placeholder_hole(&s.value))
}

/// A tag other than the YAML core tags (`!!str`, `!<tag:yaml.org,2002:int>`): funcraft's `!Ref`,
/// ROS's `!Sub` and the like, which a deployment tool replaces.
fn has_custom_tag(node: &Node) -> bool {
    node.tag.as_deref().is_some_and(|t| {
        !(t.starts_with("!!")
            || t.starts_with("tag:yaml.org,2002:")
            || t.starts_with("!<tag:yaml.org,2002:"))
    })
}

/// A ROS/CloudFormation intrinsic function in mapping form: `{Ref: X}` or `{Fn::Sub: ...}`,
/// resolved by the deployment tool before the flow reaches the service.
pub fn is_intrinsic_function(node: &Node) -> bool {
    match node.as_mapping() {
        Some([entry]) => entry
            .key
            .scalar_text()
            .is_some_and(|k| k == "Ref" || k.starts_with("Fn::")),
        _ => false,
    }
}

/// The narrower test for free text such as conditions, where `<b>` or `{id}` can be ordinary
/// content: a non-core tag, or a `${...}` / `{{...}}` template expression.
pub fn is_template(node: &Node) -> bool {
    has_custom_tag(node)
        || node
            .as_scalar()
            .is_some_and(|s| s.value.contains("${") || s.value.contains("{{"))
}

/// True when the text holds a template hole: `${...}`, `{{...}}`, `<name>` or `{name}`.
pub fn has_placeholder_hole(text: &str) -> bool {
    if text.contains("${") || text.contains("{{") {
        return true;
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let close = match b {
            b'<' => b'>',
            b'{' => b'}',
            _ => continue,
        };
        // A hole is an identifier-like name right after the opener: `<serviceName>`,
        // `{region}`. This keeps conditions such as `$.a < $.b && $.c > 1` out.
        let rest = &bytes[i + 1..];
        let Some(&first) = rest.first() else { continue };
        if !(first.is_ascii_alphabetic() || first == b'_') {
            continue;
        }
        let len = rest
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b' '))
            .count();
        if rest.get(len) == Some(&close) {
            return true;
        }
    }
    false
}

/// What a `resourceArn` names.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Arn<'a> {
    /// A documented integration.
    Known(Integration),
    /// `acs:fc`, `acs:fnf` or `acs:mns` that matches no documented form.
    Malformed {
        service: &'a str,
        /// The integrations the service could name; their `arn_template`s are the forms.
        expected: &'static [Integration],
    },
    /// `acs:<service>:...` for a service FDL v1 has no documented integration for.
    UnknownService(&'a str),
    /// Not an `acs:` ARN at all.
    NotAcs,
}

/// Reads a `resourceArn`. The region and account fields may be empty.
pub fn parse_arn(text: &str) -> Arn<'_> {
    let Some(rest) = text.strip_prefix("acs:") else {
        return Arn::NotAcs;
    };
    let mut parts = rest.splitn(4, ':');
    let service = parts.next().unwrap_or_default();
    let (Some(_region), Some(_account), Some(resource)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return match service {
            "fc" | "fnf" | "mns" => Arn::Malformed {
                service,
                expected: expected_form(service),
            },
            _ => Arn::UnknownService(service),
        };
    };
    let known = match service {
        "fc" => fc_resource(resource).then_some(Integration::FcFunction),
        "fnf" => name_after(resource, "flow/").then_some(Integration::ChildFlow),
        "mns" => mns_resource(resource),
        _ => return Arn::UnknownService(service),
    };
    known.map_or(
        Arn::Malformed {
            service,
            expected: expected_form(service),
        },
        Arn::Known,
    )
}

fn expected_form(service: &str) -> &'static [Integration] {
    match service {
        "fc" => &[Integration::FcFunction],
        "fnf" => &[Integration::ChildFlow],
        _ => &[Integration::MnsQueue, Integration::MnsTopic],
    }
}

/// A single non-empty path segment after `prefix`.
fn name_after(resource: &str, prefix: &str) -> bool {
    resource
        .strip_prefix(prefix)
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// `services/{service}[.{qualifier}]/functions/{function}`, or the Function Compute 3.0 form
/// `functions/{function}` (no services in FC 3.0).
fn fc_resource(resource: &str) -> bool {
    if name_after(resource, "functions/") {
        return true;
    }
    let Some(rest) = resource.strip_prefix("services/") else {
        return false;
    };
    let Some((service, function)) = rest.split_once("/functions/") else {
        return false;
    };
    !service.is_empty() && !service.contains('/') && !function.is_empty() && !function.contains('/')
}

fn mns_resource(resource: &str) -> Option<Integration> {
    let (kind, rest) = if let Some(rest) = resource.strip_prefix("/queues/") {
        (Integration::MnsQueue, rest)
    } else if let Some(rest) = resource.strip_prefix("/topics/") {
        (Integration::MnsTopic, rest)
    } else {
        return None;
    };
    let name = rest.strip_suffix("/messages")?;
    (!name.is_empty() && !name.contains('/')).then_some(kind)
}

/// True for an RFC 3339 date-time (`2019-05-02T15:04:05Z`, `2019-05-02T15:04:05.5+08:00`).
pub fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let in_range = |r: std::ops::Range<usize>, lo: u32, hi: u32| {
        text[r].parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v))
    };
    if !(valid_date(&text[..10])
        && in_range(11..13, 0, 23)
        && in_range(14..16, 0, 59)
        && in_range(17..19, 0, 60))
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
                && (*h1 - b'0') * 10 + (*h2 - b'0') <= 23
                && (*m1 - b'0') * 10 + (*m2 - b'0') <= 59
        }

        _ => false,
    }
}

/// `YYYY-MM-DD` naming a day that exists (leap years included).
fn valid_date(date: &str) -> bool {
    let (Ok(year), Ok(month), Ok(day)) = (
        date[..4].parse::<u32>(),
        date[5..7].parse::<u32>(),
        date[8..10].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// True for what a YAML 1.1 loader reads as a timestamp (`2019-05-02`, `2019-05-02 15:04:05`,
/// `2001-12-14t21:59:43.10-05:00`); FDL-SPEC §6 accepts those as wait timestamps.
pub fn is_yaml11_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !date || !valid_date(&text[..10]) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    // YAML 1.1: date, `T`/`t` or blanks, `h?h:mm:ss(.f*)?`, then optional blanks and a zone
    // (`Z` or `±h?h(:mm)?`), and nothing else.
    let mut rest = &text[10..];
    let blanks = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    let n = blanks(rest);
    rest = if n > 0 {
        &rest[n..]
    } else if let Some(r) = rest.strip_prefix(['T', 't']) {
        r
    } else {
        return false;
    };
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let hours = digits(rest);
    if !(1..=2).contains(&hours) || !rest[hours..].starts_with(':') {
        return false;
    }
    rest = &rest[hours + 1..];
    for last in [false, true] {
        if digits(rest) != 2 {
            return false;
        }
        rest = &rest[2..];
        if !last {
            let Some(r) = rest.strip_prefix(':') else {
                return false;
            };
            rest = r;
        }
    }
    if let Some(r) = rest.strip_prefix('.') {
        rest = &r[digits(r)..];
    }
    rest = &rest[blanks(rest)..];
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(zone) = rest.strip_prefix(['+', '-']) else {
        return false;
    };
    let h = digits(zone);
    if !(1..=2).contains(&h) {
        return false;
    }
    match &zone[h..] {
        "" => true,
        minutes => minutes
            .strip_prefix(':')
            .is_some_and(|m| m.len() == 2 && digits(m) == 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "${svc.ARN}",
            "{{ arn }}",
            "acs:fc:{region}:{account}:services/s/functions/f",
            "<serviceName>",
            "acs:mns:::/topics/<topic>/messages",
        ] {
            assert!(has_placeholder_hole(p), "{p}");
        }
        for p in [
            "$.a < $.b && $.c > 1",
            "acs:fc:::services/s/functions/f",
            "{}",
            "a {",
            "$.x<1",
        ] {
            assert!(!has_placeholder_hole(p), "{p}");
        }
    }

    #[test]
    fn intrinsic_functions() {
        let root =
            fdl_syntax::parse("a: {Fn::Sub: 'acs:fc:${R}'}\nb: {Ref: X}\nc: {Ref: X, d: 1}\n")
                .root
                .unwrap();
        assert!(is_placeholder(root.get("a").unwrap()));
        assert!(is_placeholder(root.get("b").unwrap()));
        assert!(!is_placeholder(root.get("c").unwrap()));
    }

    #[test]
    fn arns() {
        use Integration::*;
        assert_eq!(
            parse_arn("acs:fc:::services/s/functions/f"),
            Arn::Known(FcFunction)
        );
        assert_eq!(
            parse_arn("acs:fc:cn-hangzhou:123:services/s.LATEST/functions/f"),
            Arn::Known(FcFunction)
        );
        assert_eq!(
            parse_arn("acs:fc:cn-hangzhou:123:functions/f"),
            Arn::Known(FcFunction)
        );
        assert_eq!(parse_arn("acs:fnf:::flow/child"), Arn::Known(ChildFlow));
        assert_eq!(
            parse_arn("acs:mns:::/queues/q/messages"),
            Arn::Known(MnsQueue)
        );
        assert_eq!(
            parse_arn("acs:mns:::/topics/t/messages"),
            Arn::Known(MnsTopic)
        );
        assert!(matches!(
            parse_arn("acs:fc:::services/s/function/f"),
            Arn::Malformed { .. }
        ));
        assert!(matches!(
            parse_arn("acs:mns:::/queues/q"),
            Arn::Malformed { .. }
        ));
        assert!(matches!(parse_arn("acs:fc"), Arn::Malformed { .. }));
        assert_eq!(parse_arn("acs:oss:::bucket/x"), Arn::UnknownService("oss"));
        assert_eq!(parse_arn("arn:aws:lambda:x"), Arn::NotAcs);
    }

    #[test]
    fn timestamps() {
        assert!(is_rfc3339("2019-05-02T15:04:05Z"));
        assert!(is_rfc3339("2019-05-02T15:04:05.123+08:00"));
        assert!(!is_rfc3339("2019-05-02"));
        assert!(!is_rfc3339("2019-13-02T15:04:05Z"));
        assert!(!is_rfc3339("tomorrow"));
        assert!(is_rfc3339("2024-02-29T00:00:00Z"));
        assert!(!is_rfc3339("2021-02-29T00:00:00Z"));
        assert!(!is_rfc3339("2020-04-31T00:00:00Z"));
        assert!(!is_rfc3339("2020-01-01T00:00:00+24:00"));
        assert!(!is_yaml11_timestamp("2020-02-30 10:00:00"));
        assert!(is_yaml11_timestamp("2001-12-14 21:59:43.10 -5"));
        assert!(is_yaml11_timestamp("2001-12-15 2:59:43.10"));
        assert!(!is_yaml11_timestamp("2019-05-02T15:04:05+garbage"));
        assert!(!is_yaml11_timestamp("2019-05-02 15:04:05 noon"));
        assert!(!is_yaml11_timestamp("2019-05-02 1:2:3"));
        assert!(is_yaml11_timestamp("2019-05-02"));
        assert!(is_yaml11_timestamp("2019-05-02 15:04:05"));
        assert!(is_yaml11_timestamp("2001-12-14t21:59:43.10-05:00"));
        assert!(!is_yaml11_timestamp("2019-05-02 noon"));
    }
}
