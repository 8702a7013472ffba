//! Core-schema typing of scalars: plain scalars by their text, core tags whatever the style.

mod support;

use fdl_syntax::{CoreValue, Node, parse};
use support::check_spans;

fn root(text: &str) -> Node {
    let parsed = parse(text);
    check_spans(text, &parsed);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.root.expect("a root")
}

#[test]
fn core_tags_set_the_type() {
    let text = "\
i: !!int \"10\"
f: !!float \"1.5\"
b: !!bool \"true\"
n: !!null \"\"
fi: !!float '3'
v: !<tag:yaml.org,2002:int> '-7'
long: !<tag:yaml.org,2002:bool> FALSE
hex: !!int 0x1F
big: !!int \"99999999999999999999\"
block: !!int |-
  42
s: !!str 10
plain: 10
quoted: \"10\"
custom: !Ref \"10\"
";
    let r = root(text);
    let value = |k: &str| r.get(k).unwrap().core_value().unwrap();
    assert_eq!(value("i"), CoreValue::Int(10));
    assert_eq!(value("f"), CoreValue::Float(1.5));
    assert_eq!(value("b"), CoreValue::Bool(true));
    assert_eq!(value("n"), CoreValue::Null);
    assert_eq!(value("fi"), CoreValue::Float(3.0));
    assert_eq!(value("v"), CoreValue::Int(-7));
    // Tags are kept as written; a verbatim tag holds a `,`.
    let v = r.get("v").unwrap();
    assert_eq!(v.tag.as_deref(), Some("!<tag:yaml.org,2002:int>"));
    assert_eq!(&text[v.span.range()], "'-7'");
    assert_eq!(r.get("i").unwrap().tag.as_deref(), Some("!!int"));
    assert_eq!(value("long"), CoreValue::Bool(false));
    assert_eq!(value("hex"), CoreValue::Int(31));
    assert_eq!(value("big"), CoreValue::Float(1e20));
    assert_eq!(value("block"), CoreValue::Int(42));
    assert_eq!(value("s"), CoreValue::Str("10"));
    assert_eq!(value("plain"), CoreValue::Int(10));
    assert_eq!(value("quoted"), CoreValue::Str("10"));
    // Tags that are not core tags do not change the type.
    assert_eq!(value("custom"), CoreValue::Str("10"));
    assert_eq!(r.get("i").unwrap().as_i64(), Some(10));
    assert_eq!(r.get("f").unwrap().as_f64(), Some(1.5));
    assert_eq!(r.get("b").unwrap().as_bool(), Some(true));
    assert!(r.get("n").unwrap().is_null());
    assert_eq!(r.get("i").unwrap().type_name(), "an integer");
}

#[test]
fn core_tags_on_text_of_another_type_give_a_string() {
    // The checker then reports a string where a number or boolean was expected.
    let text = "\
i: !!int \"ten\"
f: !!float abc
b: !!bool \"yes\"
n: !!null \"none\"
i2: !!int \"1.5\"
b2: !!bool 1
";
    let r = root(text);
    for (key, written) in [
        ("i", "ten"),
        ("f", "abc"),
        ("b", "yes"),
        ("n", "none"),
        ("i2", "1.5"),
        ("b2", "1"),
    ] {
        let node = r.get(key).unwrap();
        assert_eq!(node.core_value(), Some(CoreValue::Str(written)), "{key}");
        assert_eq!(node.type_name(), "a string", "{key}");
    }
}

/// A string is written plain only when parsing it back gives the same string.
#[test]
fn plain_is_safe_only_when_it_reads_back_the_same() {
    for text in ["hello", "order-step", "订单", "a:b", "a#b", "FnF.ALL"] {
        assert!(fdl_syntax::plain_is_safe(text), "{text:?}");
        let parsed = fdl_syntax::parse(&format!("k: {text}\n"));
        let root = parsed.root.expect("a mapping");
        assert_eq!(root.get("k").and_then(|v| v.as_str()), Some(text));
    }
    for text in [
        "", "-a", "? a", "a: b", "a #b", "a:", "a ", " a", "true", "null", "12", "1.5", "a\tb",
        "a\u{7}", "*a", "&a", "!a", "'a", "\"a", "%a", "@a", "`a", "[a", "{a", "|a", ">a",
    ] {
        assert!(!fdl_syntax::plain_is_safe(text), "{text:?}");
    }
}
