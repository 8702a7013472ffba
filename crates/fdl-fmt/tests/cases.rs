//! Exact outputs for the tricky cases: each input and its expected formatted text, and the
//! promises checked on it.

use fdl_fmt::{FormatError, Options, Replacement, format, format_range};

mod support;

/// Formats `input` with `options`, checks the promises, and compares with `expected`.
fn case_with(input: &str, expected: &str, options: &Options) {
    let out = format(input, options).unwrap_or_else(|e| panic!("{e}\n--- input ---\n{input}"));
    assert_eq!(
        out, expected,
        "\n--- input ---\n{input}\n--- got ---\n{out}"
    );
    support::check_output(input, &out, options).unwrap();
}

fn case(input: &str, expected: &str) {
    case_with(input, expected, &Options::default());
}

#[test]
fn already_formatted_text_is_returned_unchanged() {
    let text = "version: v1\ntype: flow\nsteps:\n  - type: succeed\n    name: done\n";
    case(text, text);
    case("", "");
}

#[test]
fn indentation_spacing_and_final_newline() {
    case(
        "version:   v1  \ntype: flow\nsteps:\n-   type:    pass\n    name: a   \n",
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n",
    );
    case("a: 1", "a: 1\n");
    case("a: 1\n\n\n", "a: 1\n");
    case("\n\n# top\na: 1\n", "# top\na: 1\n");
}

#[test]
fn blank_lines_between_entries_are_kept_one_at_most() {
    case(
        "steps:\n\n  - type: pass\n    name: a\n\n\n\n  - type: pass\n\n    name: b\n",
        "steps:\n  - type: pass\n    name: a\n\n  - type: pass\n\n    name: b\n",
    );
}

#[test]
fn crlf_stays_crlf() {
    case(
        "type: flow\r\nversion: v1\r\nsteps:\r\n- type: succeed\r\n  name: done\r\n",
        "version: v1\r\ntype: flow\r\nsteps:\r\n  - type: succeed\r\n    name: done\r\n",
    );
    // Mixed: the first line decides.
    case("a: 1\nb:\r\n- x\r\n", "a: 1\nb:\n  - x\n");
}

#[test]
fn a_lone_carriage_return_is_a_line_break() {
    case("a: 1\rb: 2\n", "a: 1\nb: 2\n");
}

#[test]
fn key_order_comes_from_the_catalogue() {
    case(
        "steps:\n  - end: true\n    resourceArn: acs:fc:::services/s/functions/f\n    name: a\n    type: task\nversion: v1\ntype: flow\n",
        "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: a\n    resourceArn: acs:fc:::services/s/functions/f\n    end: true\n",
    );
    // Mapping items: target, then source; unknown keys after, in their order.
    case(
        "inputMappings:\n  - z: 1\n    source: $input.a\n    y: 2\n    target: a\n",
        "inputMappings:\n  - target: a\n    source: $input.a\n    z: 1\n    y: 2\n",
    );
}

#[test]
fn reordering_can_be_turned_off() {
    let options = Options {
        reorder_keys: false,
        ..Options::default()
    };
    case_with(
        "type: flow\nversion: v1\nsteps:\n- name: a\n  type: pass\n",
        "type: flow\nversion: v1\nsteps:\n  - name: a\n    type: pass\n",
        &options,
    );
}

#[test]
fn comments_move_with_their_key() {
    case(
        "steps:\n  - type: pass\n    # the name\n    name: a # trailing\n    # end of step\n",
        "steps:\n  - type: pass\n    # the name\n    name: a # trailing\n    # end of step\n",
    );
    case(
        "steps:\n  - name: a # trailing\n    # the kind\n    type: pass\n",
        "steps:\n  # the kind\n  - type: pass\n    name: a # trailing\n",
    );
    // The first key's comment goes above the `-` when the key comes first on that line.
    case(
        "steps:\n  -\n    # the kind\n    type: pass\n    name: a\n",
        "steps:\n  # the kind\n  - type: pass\n    name: a\n",
    );
}

#[test]
fn the_header_stays_on_top() {
    case(
        "# header\n# more header\ntype: flow\nversion: v1\n",
        "# header\n# more header\nversion: v1\ntype: flow\n",
    );
    case(
        "# header\n\n# about type\ntype: flow\nversion: v1\n",
        "# header\n\nversion: v1\n\n# about type\ntype: flow\n",
    );
}

#[test]
fn comments_at_the_end_of_a_block_stay_there() {
    case(
        "a:\n    b:\n        c: 1\n        # end of c's block\n    # end of b's block\n# end of the file\n",
        "a:\n  b:\n    c: 1\n    # end of c's block\n  # end of b's block\n# end of the file\n",
    );
}

#[test]
fn a_comment_between_key_and_value_stays_between() {
    case("a: # why\n  1\n", "a: # why\n  1\n");
    case("a:\n  # why\n  1\n", "a:\n  # why\n  1\n");
    case("a: # why\n  - 1\n", "a: # why\n  - 1\n");
    case("a: &x # why\n  b: 1\n", "a: &x # why\n  b: 1\n");
    case("- # why\n  a: 1\n", "- # why\n  a: 1\n");
}

#[test]
fn scalars_keep_their_source_text() {
    case(
        "a: \"true\"\nb: '1'\nc: 'v1'\nd: yes\ne: ~\nf:\ng: \"tab\\there\"\nh: 'it''s'\n",
        "a: \"true\"\nb: '1'\nc: 'v1'\nd: yes\ne: ~\nf:\ng: \"tab\\there\"\nh: 'it''s'\n",
    );
}

#[test]
fn multi_line_scalars_are_re_indented() {
    case(
        "a:\n    b: plain\n          over lines\n    c: \"double\n       quoted  \"\n",
        "a:\n  b: plain\n    over lines\n  c: \"double\n    quoted  \"\n",
    );
    // An escaped space at the end of a line is part of the value.
    case("a:   \"x\\ \n       y\"\n", "a: \"x\\ \n  y\"\n");
}

#[test]
fn block_scalars_move_as_a_whole() {
    case(
        "a:\n    b: |\n        one\n          two\n\n        three   \n    c: x\n",
        "a:\n  b: |\n    one\n      two\n\n    three   \n  c: x\n",
    );
    // An indentation indicator is relative to the key: content moves with the key.
    case(
        "a:\n    b: |2\n         x\n        y\n",
        "a:\n  b: |2\n       x\n      y\n",
    );
    // `+` keeps the empty lines after the content: they stay, and no blank line is added.
    case("a: |+\n  x\n\n\nb: 1\n", "a: |+\n  x\n\n\nb: 1\n");
    case("- |+\n  x\n\n- y\n", "- |+\n  x\n\n- y\n");
    // A header comment and an empty block scalar.
    case(
        "a: |-  # note\n  x\nb: >\nc: 1\n",
        "a: |- # note\n  x\nb: >\nc: 1\n",
    );
}

#[test]
fn flow_collections_stay_on_one_line_when_they_fit() {
    case(
        "a: [ x,   y ]\nb: {k:   v}\nc: [\n  1,\n  2\n]\n",
        "a: [x, y]\nb: {k: v}\nc: [1, 2]\n",
    );
    let options = Options {
        line_width: 20,
        ..Options::default()
    };
    case_with(
        "errors: [FC.One, FC.Two, FC.Three]\n",
        "errors:\n  [\n    FC.One,\n    FC.Two,\n    FC.Three\n  ]\n",
        &options,
    );
    case_with(
        "- [aaaaaaaa, bbbbbbbbb, {c: cccccccc, d: dddd}]\n",
        "- [\n    aaaaaaaa,\n    bbbbbbbbb,\n    {\n      c: cccccccc,\n      d: dddd\n    }\n  ]\n",
        &options,
    );
}

#[test]
fn wide_characters_count_two_columns() {
    let options = Options {
        line_width: 20,
        ..Options::default()
    };
    // 18 characters, but 26 columns.
    case_with(
        "a: [北京, 上海, 广州, 深圳]\n",
        "a:\n  [\n    北京,\n    上海,\n    广州,\n    深圳\n  ]\n",
        &options,
    );
}

#[test]
fn a_comment_in_a_flow_collection_spreads_it() {
    case(
        "a: [x, # why x\n  y]\n",
        "a:\n  [\n    x, # why x\n    y\n  ]\n",
    );
}

#[test]
fn anchors_aliases_and_tags_are_kept() {
    case(
        "a: &x !!str 1\nb: *x\nc: !Ref   name\nd: &m\n    k: v\ne: *m\n",
        "a: &x !!str 1\nb: *x\nc: !Ref name\nd: &m\n  k: v\ne: *m\n",
    );
    // Reordering never moves an alias before its anchor.
    case(
        "steps:\n  - name: a\n    type: pass\n    outputMappings: &m []\n    inputMappings: *m\n",
        "steps:\n  - name: a\n    type: pass\n    outputMappings: &m []\n    inputMappings: *m\n",
    );
}

#[test]
fn explicit_keys_are_kept_as_written() {
    case(
        "a:\n    ? [complex, key]\n    : value\n    b: 1\n",
        "a:\n  ? [complex, key]\n  : value\n  b: 1\n",
    );
}

#[test]
fn document_markers_and_directives() {
    case(
        "%YAML 1.2\n---\ntype: flow\nversion: v1\n...\n# after\n",
        "%YAML 1.2\n---\nversion: v1\ntype: flow\n...\n# after\n",
    );
    case("--- # start\na:   1\n", "--- # start\na: 1\n");
    case("--- [a,   b]\n", "--- [a, b]\n");
}

#[test]
fn only_the_first_document_is_formatted() {
    case("a:    1\n---\nb:    2\n", "a: 1\n---\nb:    2\n");
}

#[test]
fn documents_left_as_written() {
    // A lone scalar, and a root block scalar.
    case("  just text\n", "  just text\n");
    case("--- |\n  text\n", "--- |\n  text\n");
}

#[test]
fn off_and_on() {
    case(
        "steps:\n- name: a\n  type: pass\n  # fdl-fmt: off\n  end:    true\n  # fdl-fmt: on\n  outputMappings:    []\n",
        "steps:\n  - name: a\n    type: pass\n    # fdl-fmt: off\n    end:    true\n    # fdl-fmt: on\n    outputMappings: []\n",
    );
    // A lone `off` runs to the end of its block; the blocks around are formatted.
    case(
        "a:\n  # fdl-fmt: off\n  x:    1\n  y:   [ 2 ]\nb:    3\n",
        "a:\n  # fdl-fmt: off\n  x:    1\n  y:   [ 2 ]\nb: 3\n",
    );
    // A trailing `# fdl-fmt: off` is an ordinary comment.
    case("a:    1 # fdl-fmt: off\n", "a: 1 # fdl-fmt: off\n");
}

#[test]
fn merge_keys_are_kept_and_their_mapping_not_reordered() {
    case(
        "base: &b {maxAttempts: 3}\nretry:\n  - <<: *b\n    intervalSeconds:   2\n    errors: [x]\n",
        "base: &b {maxAttempts: 3}\nretry:\n  - <<: *b\n    intervalSeconds: 2\n    errors: [x]\n",
    );
}

#[test]
fn syntax_errors_are_refused() {
    for text in [
        "a: [1, 2\n",
        "a: 1\na: 2\n",
        "a: \"unclosed\n",
        "a:\n\t- tab\n",
    ] {
        assert_eq!(
            format(text, &Options::default()),
            Err(FormatError::Syntax),
            "{text}"
        );
        assert_eq!(
            format_range(text, 0..1, &Options::default()),
            Err(FormatError::Syntax),
            "{text}"
        );
    }
}

/// Applies a replacement.
fn apply(text: &str, r: &Replacement) -> String {
    format!(
        "{}{}{}",
        &text[..r.range.start],
        r.text,
        &text[r.range.end..]
    )
}

const FLOW: &str = "type: flow\nversion:   v1\nsteps:\n  - name: a\n    type: pass\n  - name:   b\n    type: task\n    resourceArn: acs:fc:::services/s/functions/b\n    retry:\n    - errors: [   x ]\n  - name: c\n    type: succeed\n";

#[test]
fn range_formats_the_step_it_touches() {
    let at = FLOW.find("errors").unwrap();
    let r = format_range(FLOW, at..at, &Options::default())
        .unwrap()
        .unwrap();
    let expected_step = "  - type: task\n    name: b\n    resourceArn: acs:fc:::services/s/functions/b\n    retry:\n      - errors: [x]";
    assert_eq!(r.text, expected_step);
    assert_eq!(
        &FLOW[r.range.clone()],
        "  - name:   b\n    type: task\n    resourceArn: acs:fc:::services/s/functions/b\n    retry:\n    - errors: [   x ]"
    );
    let after = apply(FLOW, &r);
    // The other steps and the top-level keys are untouched.
    assert!(after.starts_with("type: flow\nversion:   v1\nsteps:\n  - name: a\n    type: pass\n"));
    assert!(after.ends_with("  - name: c\n    type: succeed\n"));
    // Formatting the same range again changes nothing.
    let again = r.range.start..r.range.start + r.text.len();
    assert_eq!(format_range(&after, again, &Options::default()), Ok(None));
}

#[test]
fn range_over_several_steps_formats_each_of_them() {
    let start = FLOW.find("name: a").unwrap();
    let end = FLOW.find("resourceArn").unwrap();
    let r = format_range(FLOW, start..end, &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(
        r.text,
        "  - type: pass\n    name: a\n  - type: task\n    name: b\n    resourceArn: acs:fc:::services/s/functions/b\n    retry:\n      - errors: [x]"
    );
}

#[test]
fn range_outside_steps_formats_the_touched_entries() {
    let at = FLOW.find("v1").unwrap();
    let r = format_range(FLOW, at..at + 1, &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(r.text, "version: v1");
    assert_eq!(&FLOW[r.range], "version:   v1");
}

#[test]
fn range_in_formatted_text_changes_nothing() {
    let formatted = format(FLOW, &Options::default()).unwrap();
    for at in [0, 10, formatted.len() / 2, formatted.len()] {
        assert_eq!(
            format_range(&formatted, at..at, &Options::default()),
            Ok(None)
        );
    }
}

#[test]
fn range_covering_everything_formats_the_document() {
    let r = format_range(FLOW, 0..FLOW.len(), &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(r.range, 0..FLOW.len());
    assert_eq!(r.text, format(FLOW, &Options::default()).unwrap());
}

#[test]
fn range_bounds_are_clamped() {
    let r = format_range(FLOW, 5..10_000, &Options::default()).unwrap();
    assert!(r.is_some());
    // Inside a multi-byte character: the entry holding it is already formatted.
    let text = "a: 名字\nb:    1\n";
    assert_eq!(format_range(text, 4..5, &Options::default()), Ok(None));
    let at = text.find('b').unwrap();
    let r = format_range(text, at..at, &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(apply(text, &r), "a: 名字\nb: 1\n");
}

#[test]
fn range_with_a_lone_carriage_return_formats_the_document() {
    let text = "a:    1\rb:   2\n";
    let r = format_range(text, 0..1, &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(r.range, 0..text.len());
    assert_eq!(r.text, "a: 1\nb: 2\n");
}
