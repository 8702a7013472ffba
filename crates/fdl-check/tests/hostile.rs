//! Hostile and degenerate input: a clear diagnostic, never a panic, a hang or a stack overflow.
//! Tests run on the default 2 MiB test-thread stack, which is the realistic constraint.

use fdl_check::check_source;

fn codes(text: &str) -> Vec<&'static str> {
    check_source(text).iter().map(|d| d.code).collect()
}

#[test]
fn empty_file_and_only_comments() {
    assert_eq!(codes(""), ["FDL009"]);
    assert_eq!(codes("\n\n  \n"), ["FDL009"]);
    assert_eq!(codes("# just a comment\n# another\n"), ["FDL009"]);
    assert_eq!(codes("\u{feff}"), ["FDL009"]);
}

#[test]
fn alias_bomb_is_bounded() {
    let mut text = String::from("version: v1\ntype: flow\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 9].join(", ")
        ));
    }
    text.push_str("steps:\n  - type: pass\n    name: p\n");
    let found = codes(&text);
    assert!(found.contains(&"FDL006"), "{found:?}");
}

#[test]
fn deep_flow_nesting_is_bounded() {
    for depth in [10_000, 100_000] {
        let text = format!(
            "version: v1\ntype: flow\nsteps: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let found = codes(&text);
        assert!(found.contains(&"FDL007"), "{depth}: {found:?}");
        let text = format!(
            "version: v1\ntype: flow\nx: {}1{}\n",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        );
        let found = codes(&text);
        assert!(found.contains(&"FDL007"), "{depth}: {found:?}");
    }
}

#[test]
fn deeply_nested_steps_are_checked() {
    // 60 nested foreach steps: deep, but within the limits; the innermost mistake is found.
    let mut text = String::from("version: v1\ntype: flow\nsteps:\n");
    let mut indent = String::from("  ");
    for i in 0..60 {
        text.push_str(&format!(
            "{indent}- type: foreach\n{indent}  name: loop{i}\n{indent}  iterationMapping:\n{indent}    collection: $.items\n{indent}    item: item\n{indent}  steps:\n"
        ));
        indent.push_str("    ");
    }
    text.push_str(&format!("{indent}- type: task\n{indent}  name: leaf\n"));
    assert_eq!(codes(&text), ["FDL401"]);
}

#[test]
fn not_yaml_at_all() {
    for text in [
        "\u{0}\u{1}\u{2}binary\u{0}",
        "{{{{{{{{",
        "]]]]",
        "key: \"unterminated",
        "\t\tversion: v1",
        "- - - - -",
        "%YAML 1.2\n%TAG ! tag:x\n",
        "*undefined",
        "&anchor",
        "? complex key\n: value\n",
        ":",
        "'",
        "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: 名前\n    resourceArn: \"acs:fc:::services/a/functions/",
    ] {
        let found = codes(text);
        assert!(!found.is_empty(), "{text:?} gave nothing");
    }
}

#[test]
fn every_prefix_of_a_flow_is_safe() {
    let flow = include_str!("../../../fixtures/valid/seed-mns-topic-task.yaml");
    for (i, _) in flow.char_indices() {
        let _ = check_source(&flow[..i]);
    }
}

#[test]
fn long_lines_and_keys() {
    // YAML limits an implicit key to 1024 characters.
    let key = "k".repeat(1000);
    let text = format!(
        "version: v1\ntype: flow\n{key}: 1\nsteps:\n  - type: pass\n    name: {}\n",
        "n".repeat(100_000)
    );
    let found = codes(&text);
    assert_eq!(found, ["FDL102", "FDL110"], "{found:?}");
    let key = "k".repeat(100_000);
    let text = format!("version: v1\ntype: flow\n{key}: 1\nsteps:\n  - type: pass\n    name: p\n");
    let diagnostics = check_source(&text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, "FDL001");
    assert!(
        diagnostics[0].message.contains("1024"),
        "{}",
        diagnostics[0].message
    );
}

/// A fix keeps the author's quoting: applied, it leaves valid YAML that no longer has the
/// mistake.
#[test]
fn fixes_keep_quotes() {
    let text = "version: v1
type: flow
steps:
  - type: task
    name: call
    resourceArn: acs:fc:::services/s/functions/f
    retry:
      - errors: [\"FnF.All\", 'FnF.Timeout']
    catch:
      - errors: [FnF.ALL]
        goto: \"step: #1 dome\"
  - type: pass
    name: \"step: #1 done\"
";
    let diagnostics = check_source(text);
    let mut fixed = text.to_string();
    let mut edits: Vec<_> = diagnostics
        .iter()
        .flat_map(|d| d.fixes.iter().flat_map(|f| f.edits.iter()))
        .collect();
    assert_eq!(edits.len(), 3, "{diagnostics:?}");
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        fixed.replace_range(e.span.range(), &e.replacement);
    }
    assert!(
        fixed.contains("[\"FnF.ALL\", 'FnF.TaskTimeout']"),
        "{fixed}"
    );
    assert!(fixed.contains("goto: \"step: #1 done\""), "{fixed}");
    assert_eq!(codes(&fixed), Vec::<&str>::new(), "{fixed}");
}
