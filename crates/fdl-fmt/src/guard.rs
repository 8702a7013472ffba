//! The safety guard's data comparison: two trees hold the same YAML data when their scalars
//! resolve to the same values (and tags), their sequences match item by item and their
//! mappings hold the same keys with the same values. Aliases are compared by what they stand
//! for (the tree already holds their expansion).

use std::collections::HashMap;

use fdl_syntax::{CoreValue, Node, NodeKind};

/// Mappings with more entries than this are matched through a hash map.
const LINEAR: usize = 16;

/// `Ok` when `a` and `b` hold the same data; else where they first differ (`steps[2].name`)
/// and how. With `ordered`, mapping keys must also come in the same order.
pub(crate) fn same_data(a: &Node, b: &Node, ordered: bool) -> Result<(), String> {
    let mut path = Vec::new();
    compare(a, b, ordered, &mut path).map_err(|why| {
        let at = if path.is_empty() {
            "the document root".to_string()
        } else {
            format!("`{}`", render(&path))
        };
        format!("{why} at {at}")
    })
}

enum Step {
    Key(String),
    Index(usize),
}

fn render(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn kind_name(n: &Node) -> &'static str {
    match n.kind {
        NodeKind::Scalar(_) => "a scalar",
        NodeKind::Mapping(_) => "a mapping",
        NodeKind::Sequence(_) => "a list",
        NodeKind::Error => "invalid YAML",
    }
}

fn compare(a: &Node, b: &Node, ordered: bool, path: &mut Vec<Step>) -> Result<(), String> {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(_), NodeKind::Scalar(_)) => {
            if scalar_eq(a, b) {
                Ok(())
            } else {
                Err(format!(
                    "the value {:?} became {:?}",
                    a.scalar_text().unwrap_or(""),
                    b.scalar_text().unwrap_or("")
                ))
            }
        }
        (NodeKind::Sequence(x), NodeKind::Sequence(y)) => {
            if x.len() != y.len() {
                return Err(format!(
                    "a list of {} items became {} items",
                    x.len(),
                    y.len()
                ));
            }
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                path.push(Step::Index(i));
                compare(p, q, ordered, path)?;
                path.pop();
            }
            Ok(())
        }
        (NodeKind::Mapping(x), NodeKind::Mapping(y)) => {
            if x.len() != y.len() {
                return Err(format!(
                    "a mapping of {} keys became {} keys",
                    x.len(),
                    y.len()
                ));
            }
            if tag_of(a) != tag_of(b) {
                return Err("a tag changed".to_string());
            }
            // The partner of each entry of `x` in `y`.
            let partner: Vec<usize> = if ordered {
                (0..x.len()).collect()
            } else if x.len() <= LINEAR {
                let mut used = vec![false; y.len()];
                let mut partner = Vec::with_capacity(x.len());
                for e in x {
                    let j = (0..y.len())
                        .find(|&j| !used[j] && key_eq(&e.key, &y[j].key))
                        .ok_or_else(|| missing(&e.key))?;
                    used[j] = true;
                    partner.push(j);
                }
                partner
            } else {
                let mut index: HashMap<String, Vec<usize>> = HashMap::new();
                for (j, e) in y.iter().enumerate() {
                    index.entry(fingerprint(&e.key)).or_default().push(j);
                }
                let mut used = vec![false; y.len()];
                let mut partner = Vec::with_capacity(x.len());
                for e in x {
                    let candidates = index.get(&fingerprint(&e.key));
                    let j = candidates
                        .and_then(|c| {
                            c.iter()
                                .copied()
                                .find(|&j| !used[j] && key_eq(&e.key, &y[j].key))
                        })
                        .ok_or_else(|| missing(&e.key))?;
                    used[j] = true;
                    partner.push(j);
                }
                partner
            };
            for (e, &j) in x.iter().zip(&partner) {
                let key = e.key.scalar_text().unwrap_or("?").to_string();
                path.push(Step::Key(key));
                if ordered {
                    compare(&e.key, &y[j].key, ordered, path)?;
                }
                compare(&e.value, &y[j].value, ordered, path)?;
                path.pop();
            }
            Ok(())
        }
        _ => Err(format!("{} became {}", kind_name(a), kind_name(b))),
    }
}

fn missing(key: &Node) -> String {
    match key.scalar_text() {
        Some(k) => format!("the key `{k}` is missing"),
        None => "a key is missing".to_string(),
    }
}

fn key_eq(a: &Node, b: &Node) -> bool {
    let mut path = Vec::new();
    compare(a, b, true, &mut path).is_ok()
}

/// A string equal for keys that may be equal (used to find partners in large mappings).
fn fingerprint(n: &Node) -> String {
    match &n.kind {
        NodeKind::Scalar(_) => match n.core_value() {
            Some(CoreValue::Str(s)) => format!("s{s}"),
            Some(CoreValue::Int(i)) => format!("i{i}"),
            Some(CoreValue::Bool(b)) => format!("b{b}"),
            Some(CoreValue::Null) => "n".to_string(),
            Some(CoreValue::Float(_)) | None => "f".to_string(),
        },
        NodeKind::Mapping(_) => "m".to_string(),
        NodeKind::Sequence(_) => "q".to_string(),
        NodeKind::Error => "e".to_string(),
    }
}

/// The tag as written (the formatter never rewrites one; a non-specific `!` matters too: `! 1`
/// is a string).
fn tag_of(n: &Node) -> Option<&str> {
    n.tag.as_deref()
}

fn scalar_eq(a: &Node, b: &Node) -> bool {
    if tag_of(a) != tag_of(b) {
        return false;
    }
    match (a.core_value(), b.core_value()) {
        (Some(CoreValue::Float(x)), Some(CoreValue::Float(y))) => {
            x == y || (x.is_nan() && y.is_nan())
        }
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        fdl_syntax::parse(text).root.expect("a document")
    }

    #[test]
    fn types_matter_style_does_not() {
        assert!(same_data(&root("a: 'x'"), &root("a: x"), true).is_ok());
        assert!(same_data(&root("a: \"1\""), &root("a: 1"), true).is_err());
        assert!(same_data(&root("a: 'true'"), &root("a: true"), true).is_err());
        assert!(same_data(&root("a: 1.0"), &root("a: 1.00"), true).is_ok());
        assert!(same_data(&root("a: .nan"), &root("a: .NaN"), true).is_ok());
        assert!(same_data(&root("a: !t x"), &root("a: x"), true).is_err());
        assert!(same_data(&root("a: ! 1"), &root("a: 1"), true).is_err());
    }

    #[test]
    fn key_order() {
        let a = root("a: 1\nb: 2\n");
        let b = root("b: 2\na: 1\n");
        assert!(same_data(&a, &b, false).is_ok());
        assert!(same_data(&a, &b, true).is_err());
        let many: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        let reversed: String = (0..40).rev().map(|i| format!("k{i}: {i}\n")).collect();
        assert!(same_data(&root(&many), &root(&reversed), false).is_ok());
        let changed = reversed.replace("k7: 7", "k7: 8");
        let err = same_data(&root(&many), &root(&changed), false).unwrap_err();
        assert_eq!(err, "the value \"7\" became \"8\" at `k7`");
    }

    #[test]
    fn aliases_are_expanded() {
        let a = root("a: &x [1, 2]\nb: *x\n");
        let b = root("a: [1, 2]\nb: [1, 2]\n");
        assert!(same_data(&a, &b, true).is_ok());
        let c = root("a: [1, 2]\nb: [1, 3]\n");
        let err = same_data(&a, &c, true).unwrap_err();
        assert_eq!(err, "the value \"2\" became \"3\" at `b[1]`");
    }
}
