//! A lone `\r` (old Mac line endings) is a line break to YAML, like `\n`: a file written with
//! either must give the same tree, spans, comments and errors.

mod support;

use std::path::Path;

use fdl_syntax::parse;
use support::check_spans;

/// Everything `parse` returns, with offsets, as text.
fn dump(text: &str) -> String {
    let parsed = parse(text);
    check_spans(text, &parsed);
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{}",
        parsed.root, parsed.comments, parsed.errors, parsed.skipped, parsed.document_count
    )
}

fn assert_same_with_cr(name: &str, text: &str) {
    let lf = text.replace("\r\n", "\n");
    let cr = lf.replace('\n', "\r");
    assert_eq!(dump(&lf), dump(&cr), "{name}");
}

#[test]
fn fixtures_read_the_same_with_lone_cr() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut n = 0;
    for dir in ["valid", "invalid"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("fixtures folder") {
            let path = entry.expect("fixture entry").path();
            if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("fixture text");
            assert_same_with_cr(&path.display().to_string(), &text);
            n += 1;
        }
    }
    assert!(n > 50, "fixtures not found");
}

#[test]
fn comments_tags_and_block_scalars_after_lone_cr() {
    for text in [
        "a: 1\n# own line\nb: 2 # after\n",
        "a: !t # c\n  x\nb: 1\n",
        "a: | # header\n  x # not a comment\n  y\nb: 1 # c\n",
        "a:\n  b: >\n    x\n\n    y\n# own\nc: 1\n",
        "- |\n  x\n- y\n",
        "key:\n- - a\n- # c\n  - b\n",
        "a: 1\n? \n",
        "a: 1\nb: 2\na: 3\n",
        "a: [1,\n  2\nb: 1\n",
    ] {
        assert_same_with_cr(text, text);
    }
}
