//! `# fdl-ignore` and `# fdl-ignore-file` comments: what they cover, what is reported about
//! them (FDL010, FDL011), their fixes, and how they combine with rule levels.

use fdl_check::{Diagnostic, Level, LineIndex, RuleLevels, check_source, check_source_with};

mod support;

/// `CODE@line` for each diagnostic, lines 1-based.
fn found_with(text: &str, levels: &RuleLevels) -> Vec<String> {
    let diagnostics = check_source_with(text, levels);
    support::assert_spans_valid(text, &diagnostics, "suppress test");
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| format!("{}@{}", d.code, index.position(d.span.start).line + 1))
        .collect()
}

fn found(text: &str) -> Vec<String> {
    found_with(text, &RuleLevels::default())
}

/// A flow whose `goto` on line 11 names a missing step (FDL201), with `COMMENT` on line 10 and
/// `TRAILING` after the `goto`.
fn goto_flow(comment: &str, trailing: &str) -> String {
    format!(
        "version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/payments/functions/charge
    catch:
      - errors:
          - PaymentDeclined
{comment}
        goto: declined{trailing}
  - type: succeed
    name: done
"
    )
}

#[test]
fn the_flow_used_below_has_one_error() {
    assert_eq!(found(&goto_flow("", "")), ["FDL201@11"]);
}

#[test]
fn own_line_comment_covers_the_next_line() {
    let flow = goto_flow("        # fdl-ignore: FDL201", "");
    assert_eq!(found(&flow), [] as [&str; 0]);
    // By name, in any letter case, without a colon, with spaces or none.
    for comment in [
        "# fdl-ignore: goto-target-missing",
        "# fdl-ignore: fdl201",
        "# fdl-ignore FDL201",
        "#fdl-ignore:FDL201",
        "#   fdl-ignore :  FDL201  ",
        "# fdl-ignore: FDL201 -- `declined` is added by the deploy script (see #42)",
        "# fdl-ignore: FDL201--no space before the reason",
        "# fdl-ignore: FDL203, FDL201",
        "# fdl-ignore: FDL201 FDL203",
    ] {
        let flow = goto_flow(&format!("        {comment}"), "");
        let result = found(&flow);
        let expected: &[&str] = if comment.contains("FDL203") {
            // The other rule named reports nothing there: that one is unused.
            &["FDL011@10"]
        } else {
            &[]
        };
        assert_eq!(result, expected, "{comment}");
    }
}

#[test]
fn blank_and_comment_lines_are_skipped() {
    let flow = goto_flow(
        "        # fdl-ignore: FDL201 -- the step is added at deploy time\n\n        # the catch above handles declined cards\n",
        "",
    );
    assert_eq!(found(&flow), [] as [&str; 0]);
    // Two suppressions stacked above one line both apply to it.
    let flow = goto_flow(
        "        # fdl-ignore: FDL201\n        # fdl-ignore: goto-target-missing",
        "",
    );
    assert_eq!(found(&flow), [] as [&str; 0]);
}

#[test]
fn trailing_comment_covers_its_own_line() {
    assert_eq!(
        found(&goto_flow("", "  # fdl-ignore: FDL201")),
        [] as [&str; 0]
    );
    // After other words in the same comment.
    assert_eq!(
        found(&goto_flow(
            "",
            "  # added by the deploy script # fdl-ignore: FDL201"
        )),
        [] as [&str; 0]
    );
    // A trailing comment does not reach the next line.
    let flow = goto_flow("          - CardExpired  # fdl-ignore: FDL201", "");
    assert_eq!(found(&flow), ["FDL011@10", "FDL201@11"]);
}

#[test]
fn a_comment_on_another_line_covers_nothing() {
    // Above the list item that holds the `goto`, two lines too early.
    let flow = goto_flow("", "").replace(
        "      - errors:",
        "      # fdl-ignore: FDL201\n      - errors:",
    );
    let diagnostics = check_source(&flow);
    let unused = &diagnostics[0];
    assert_eq!(unused.code, "FDL011");
    assert_eq!(
        unused.message,
        "this suppression of `FDL201` (goto-target-missing) suppresses nothing: no FDL201 diagnostic starts on line 9"
    );
    assert_eq!(
        unused.notes,
        [
            "FDL201 is reported on line 12; a suppression covers the line it ends or, when on a line of its own, the next line"
        ]
    );
    assert_eq!(diagnostics[1].code, "FDL201");
    // At the end of the file, with nothing after it.
    let flow = format!("{}# fdl-ignore: FDL201\n", goto_flow("", ""));
    let diagnostics = check_source(&flow);
    assert!(
        diagnostics[1]
            .message
            .ends_with("no line of YAML follows the comment"),
        "{diagnostics:?}"
    );
}

#[test]
fn file_wide_suppressions() {
    for comment in [
        "# fdl-ignore-file: FDL201",
        "# fdl-ignore-file: goto-target-missing -- generated flow",
    ] {
        // At the top, at the bottom, or trailing on any line.
        let top = format!("{comment}\n{}", goto_flow("", ""));
        let bottom = format!("{}{comment}\n", goto_flow("", ""));
        let trailing = goto_flow("", "").replace("type: flow", &format!("type: flow {comment}"));
        for flow in [top, bottom, trailing] {
            assert_eq!(found(&flow), [] as [&str; 0], "{flow}");
        }
    }
    // Every diagnostic of the rule, wherever it is.
    let three = goto_flow("", "")
        .replace(
            "        goto: declined\n",
            "        goto: declined\n      - errors:\n          - FnF.ALL\n        goto: failed\n",
        )
        .replace(
            "    name: done\n",
            "    name: done\n  - type: pass\n    name: orphan\n",
        );
    assert_eq!(found(&three), ["FDL201@11", "FDL201@14", "FDL203@18"]);
    let flow = format!("# fdl-ignore-file: FDL201, FDL203\n{three}");
    assert_eq!(found(&flow), [] as [&str; 0]);
    let flow = format!("# fdl-ignore-file: FDL201\n{three}");
    assert_eq!(found(&flow), ["FDL203@19"]);
}

#[test]
fn block_scalars_are_covered_whole() {
    // FDL309 points inside the condition, two lines below the `condition:` key.
    let flow = |comment_above: &str, after_indicator: &str| {
        format!(
            "version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
{comment_above}
      - condition: |{after_indicator}
          $.status == \"done\" &&
          $input.priority > 3
        goto: finish
    default:
      goto: finish
  - type: succeed
    name: finish
"
        )
    };
    assert_eq!(found(&flow("", "")), ["FDL309@10"]);
    assert_eq!(
        found(&flow("", "  # fdl-ignore: FDL309 -- read since 2025")),
        [] as [&str; 0]
    );
    assert_eq!(
        found(&flow(
            "      # fdl-ignore: reference-where-path-expected",
            ""
        )),
        [] as [&str; 0]
    );
    // Folded scalars and multi-line plain and quoted scalars too: the suppression covers
    // every line of a scalar that starts on the line it covers.
    let folded = |comment: &str| flow(comment, "").replace("condition: |", "condition: >-");
    assert_eq!(
        found(&folded("      # fdl-ignore: FDL309")),
        [] as [&str; 0]
    );
    assert_eq!(found(&folded("")), ["FDL309@10"]);
    for (first, last) in [
        ("$.status == 'done' &&", "$input.priority > 3"),
        ("\"$.status == 'done' &&", "$input.priority > 3\""),
    ] {
        let text = flow("      # fdl-ignore: FDL309", "").replace(
            "|\n          $.status == \"done\" &&\n          $input.priority > 3\n",
            &format!("{first}\n          {last}\n"),
        );
        assert_eq!(found(&text), [] as [&str; 0], "{text}");
        let without = text.replace("      # fdl-ignore: FDL309\n", "");
        assert_eq!(found(&without), ["FDL309@8"], "{without}");
    }
    // A `#` line inside the block is text, not a comment.
    let inside = flow("", "").replace(
        "          $.status == \"done\" &&\n",
        "          # fdl-ignore: FDL309\n          $.status == \"done\" &&\n",
    );
    assert_eq!(found(&inside), ["FDL308@9"]);
}

#[test]
fn sequence_items() {
    let flow = |first: &str, second: &str| {
        format!(
            "version: v1
type: flow
steps:
  - type: task
    name: importContacts
    resourceArn: acs:fc:::services/crm/functions/import-contacts
    retry:
      - errors:
{first}
          - FnF.All{second}
        maxAttempts: 3
"
        )
    };
    assert_eq!(found(&flow("", "")), ["FDL411@10"]);
    assert_eq!(
        found(&flow("          # fdl-ignore: FDL411", "")),
        [] as [&str; 0]
    );
    assert_eq!(
        found(&flow("", " # fdl-ignore: unknown-builtin-error")),
        [] as [&str; 0]
    );
    // A diagnostic that starts on a `- ` line: the task without a target.
    let step =
        "version: v1\ntype: flow\nsteps:\n  # fdl-ignore: FDL401\n  - type: task\n    name: plan\n";
    assert_eq!(
        found(&step.replace("  # fdl-ignore: FDL401\n", "")),
        ["FDL401@4"]
    );
    assert_eq!(found(step), [] as [&str; 0]);
    // Flow-style lists on one line.
    let inline = flow("", "").replace(
        "      - errors:\n\n          - FnF.All\n",
        "      - errors: [FnF.All, FC.Unknwn]  # fdl-ignore: FDL411\n",
    );
    assert_eq!(found(&inline), [] as [&str; 0]);
}

#[test]
fn crlf_line_breaks() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    assert_eq!(found(&crlf(&goto_flow("", ""))), ["FDL201@11"]);
    assert_eq!(
        found(&crlf(&goto_flow("        # fdl-ignore: FDL201\n", ""))),
        [] as [&str; 0]
    );
    assert_eq!(
        found(&crlf(&goto_flow("", " # fdl-ignore: FDL201 -- why"))),
        [] as [&str; 0]
    );
    // The fix of an unused suppression removes its whole line, line break included.
    let text = crlf(&goto_flow(
        "        # fdl-ignore: FDL203",
        "  # fdl-ignore: FDL201",
    ));
    let diagnostics = check_source(&text);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        apply(&text, &diagnostics[0], 0),
        crlf(&goto_flow("", "  # fdl-ignore: FDL201")).replace("\r\n\r\n", "\r\n")
    );
}

#[test]
fn invalid_suppressions() {
    let flow = goto_flow("        # fdl-ignore: FDL2O1, because", "");
    let diagnostics = check_source(&flow);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    // `because` looks like no rule: it begins the reason.
    assert_eq!(codes, ["FDL010", "FDL201"]);
    assert_eq!(
        diagnostics[0].message,
        "`FDL2O1` is not a rule code or name; did you mean `FDL201`?"
    );
    assert_eq!(&flow[diagnostics[0].span.range()], "FDL2O1");
    assert_eq!(diagnostics[0].fixes[0].message, "replace with `FDL201`");
    // Naming no rule does not suppress everything.
    for comment in ["# fdl-ignore", "# fdl-ignore:", "# fdl-ignore: -- a reason"] {
        let diagnostics = check_source(&goto_flow(&format!("        {comment}"), ""));
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["FDL010", "FDL201"], "{comment}");
        assert_eq!(
            diagnostics[0].message,
            "`fdl-ignore` names no rule, so it suppresses nothing"
        );
    }
    // Comments that merely mention the word are left alone when it does not start them.
    let prose = goto_flow("        # we could add fdl-ignore: FDL201 here", "");
    assert_eq!(found(&prose), ["FDL201@11"]);
}

#[test]
fn rules_that_cannot_be_suppressed() {
    // Broken YAML: the syntax error stays, the suppression is reported, and no suppression
    // is called unused (not every rule could run).
    let broken = "# fdl-ignore-file: FDL001, FDL201\nversion: v1\ntype: flow\nsteps:\n  - type: task\n    name: \"open\n";
    let result = found(broken);
    assert!(result.contains(&"FDL001@6".to_string()), "{result:?}");
    assert!(result.contains(&"FDL010@1".to_string()), "{result:?}");
    assert!(
        !result.iter().any(|c| c.starts_with("FDL011")),
        "{result:?}"
    );
    // The suppression rules themselves: only the configuration turns them off.
    let flow = goto_flow(
        "        # fdl-ignore: FDL201, FDL011, invalid-suppression",
        "",
    );
    let diagnostics = check_source(&flow);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["FDL010", "FDL010"]);
    assert!(
        diagnostics[0]
            .message
            .ends_with("cannot be suppressed by a comment; set it to \"off\" in fdl.toml instead")
    );
}

#[test]
fn levels_come_first() {
    let suppressed = goto_flow("        # fdl-ignore: FDL201", "");
    let mut levels = RuleLevels::default();
    // A rule that is off reports nothing, yet its suppression may matter elsewhere.
    levels.set("FDL201", Level::Off).unwrap();
    assert_eq!(found_with(&suppressed, &levels), [] as [&str; 0]);
    // Unused suppressions are not reported when FDL011 is off.
    let stale = goto_flow("        # fdl-ignore: FDL203", "");
    let mut quiet = RuleLevels::default();
    quiet.set("unused-suppression", Level::Off).unwrap();
    assert_eq!(found_with(&stale, &quiet), ["FDL201@11"]);
    // Or are errors, when so configured.
    let mut strict = RuleLevels::default();
    strict.set("FDL011", Level::Error).unwrap();
    let diagnostics = check_source_with(&stale, &strict);
    assert_eq!(diagnostics[0].code, "FDL011");
    assert_eq!(diagnostics[0].severity, fdl_check::Severity::Error);
    // Invalid suppressions likewise.
    let mut no_invalid = RuleLevels::default();
    no_invalid.set("FDL010", Level::Off).unwrap();
    assert_eq!(
        found_with(&goto_flow("        # fdl-ignore: FDL2O1", ""), &no_invalid),
        ["FDL201@11"]
    );
    // A rule raised from hint to error is still suppressed.
    let hint = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: encode\n    resourceArn: acs:fc:::services/video/functions/encode\n    serviceParams:\n      Preset: h265  # fdl-ignore: FDL414\n";
    let mut raised = RuleLevels::default();
    raised.set("FDL414", Level::Error).unwrap();
    assert_eq!(found_with(hint, &raised), [] as [&str; 0]);
    // Hints that the command line hides by default still count as suppressed.
    assert_eq!(found(hint), [] as [&str; 0]);
    assert_eq!(
        found(&hint.replace("  # fdl-ignore: FDL414", "")),
        ["FDL414@8"]
    );
}

#[test]
fn named_twice() {
    let flow = goto_flow("        # fdl-ignore: FDL201, goto-target-missing", "");
    let diagnostics = check_source(&flow);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "FDL011");
    assert_eq!(
        diagnostics[0].message,
        "`goto-target-missing` (FDL201) is named twice in this comment"
    );
    assert_eq!(
        apply(&flow, &diagnostics[0], 0),
        goto_flow("        # fdl-ignore: FDL201", "")
    );
}

/// The text with fix `n` of `diagnostic` applied.
fn apply(text: &str, diagnostic: &Diagnostic, n: usize) -> String {
    apply_all(text, &[diagnostic], n)
}

/// The text with fix `n` of each diagnostic applied together; the edits must not overlap
/// (identical edits count once).
fn apply_all(text: &str, diagnostics: &[&Diagnostic], n: usize) -> String {
    let mut edits: Vec<_> = diagnostics
        .iter()
        .flat_map(|d| d.fixes[n].edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits.dedup();
    for pair in edits.windows(2) {
        assert!(
            pair[0].span.end <= pair[1].span.start,
            "overlapping edits {edits:?}"
        );
    }
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(e.span.range(), &e.replacement);
    }
    out
}

#[test]
fn fixes_remove_what_is_not_needed() {
    // Every entry of a comment flagged: each fix removes the whole comment line.
    let all = goto_flow("        # fdl-ignore: FDL203, FDL2O1, FDL202", "");
    let diagnostics = check_source(&all);
    let flagged: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code != "FDL201").collect();
    assert_eq!(flagged.len(), 3);
    let removal: Vec<_> = flagged
        .iter()
        .map(|d| d.fixes.last().unwrap().clone())
        .collect();
    assert!(removal.iter().all(|f| f == &removal[0] && !f.safe));
    assert_eq!(
        apply(&all, flagged[0], 0),
        goto_flow("", "").replace("\n\n", "\n")
    );
    // Some used: each unused entry goes with one separator, and all the fixes of a comment
    // can be applied together.
    let cases = [
        ("FDL203, FDL201", "FDL201"),
        ("FDL201, FDL203", "FDL201"),
        ("FDL203, FDL202, FDL201", "FDL201"),
        ("FDL201, FDL203, FDL202", "FDL201"),
        ("FDL203, FDL201, FDL202", "FDL201"),
        ("FDL203 FDL201 FDL202 -- why", "FDL201 -- why"),
    ];
    for (before, after) in cases {
        let text = goto_flow(&format!("        # fdl-ignore: {before}"), "");
        let diagnostics = check_source(&text);
        let flagged: Vec<&Diagnostic> = diagnostics.iter().collect();
        assert!(
            flagged.iter().all(|d| d.code == "FDL011"),
            "{before}: {diagnostics:?}"
        );
        assert_eq!(
            apply_all(&text, &flagged, 0),
            goto_flow(&format!("        # fdl-ignore: {after}"), ""),
            "{before}"
        );
    }
    // A trailing suppression goes with the space before it; one after other words leaves them.
    let trailing = goto_flow("", "  # fdl-ignore: FDL203");
    let diagnostics = check_source(&trailing);
    assert_eq!(
        apply(
            &trailing,
            diagnostics.iter().find(|d| d.code == "FDL011").unwrap(),
            0
        ),
        goto_flow("", "")
    );
    let embedded = goto_flow("", "  # see the deploy script # fdl-ignore: FDL203");
    let diagnostics = check_source(&embedded);
    assert_eq!(
        apply(
            &embedded,
            diagnostics.iter().find(|d| d.code == "FDL011").unwrap(),
            0
        ),
        goto_flow("", "  # see the deploy script")
    );
    // The last line of a file without a final line break.
    let last = format!("{}# fdl-ignore-file: FDL203", goto_flow("", ""));
    let diagnostics = check_source(&last);
    let unused = diagnostics.iter().find(|d| d.code == "FDL011").unwrap();
    assert_eq!(apply(&last, unused, 0), goto_flow("", "").trim_end());
}

/// The valid fixture's suppressions are not there for show: without them, each rule they
/// name reports.
#[test]
fn the_valid_fixture_suppresses_real_diagnostics() {
    let text = include_str!("../../../fixtures/valid/suppressions.yaml");
    assert_eq!(found(text), [] as [&str; 0]);
    let without: String = text
        .lines()
        .map(|l| match l.find("# fdl-ignore") {
            Some(i) => format!("{}\n", l[..i].trim_end()),
            None => format!("{l}\n"),
        })
        .collect();
    let mut codes: Vec<String> = found(&without)
        .into_iter()
        .map(|c| c.split('@').next().unwrap().to_string())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "FDL102", "FDL203", "FDL309", "FDL309", "FDL411", "FDL411", "FDL411", "FDL411",
            "FDL411", "FDL414", "FDL414"
        ]
    );
}

#[test]
fn files_without_suppressions_are_untouched() {
    let text = goto_flow(
        "        # an ordinary comment # with hashes",
        "  # fdl is great",
    );
    assert_eq!(found(&text), ["FDL201@11"]);
}

/// Odd comments in odd places: no panic, every span inside the text on character
/// boundaries, every fix applicable on its own.
#[test]
fn odd_comments_never_panic() {
    let comments = [
        "# fdl-ignore",
        "#fdl-ignore",
        "# fdl-ignore:",
        "# fdl-ignore:,,,",
        "# fdl-ignore: ,FDL201,",
        "# fdl-ignore: é, 流程 -- 理由",
        "# fdl-ignore-file",
        "# fdl-ignore-file:",
        "# fdl-ignore-",
        "# fdl-ignore--",
        "# fdl-ignore: --",
        "# fdl-ignore: FDL201 --",
        "# x # fdl-ignore # fdl-ignore-file: FDL201",
        "# fdl-ignore\u{3000}FDL201",
        "# fdl-ignore:\tFDL201\t",
        "# fdl-ignoreFDL201",
        "# fdl-ignore: FDL201, FDL201, FDL201",
        "# fdl-ignore-file: FDL2O1 FDL203 goto-target-missing",
        "# #fdl-ignore: FDL201",
        "# fdl-ignore：，；、\u{3000}",
        "## FDL-IGNORE-FILE：FDL201；",
        "# fdl-ignore: FDL201 and FDL203 -- x",
        "# fdl-ignore: because FDL201",
        "# fdl-ignoreFDL2O1",
        "#\u{3000}#\u{3000}fdl-ignore\u{3000}fdl流程",
    ];
    let mut texts = Vec::new();
    for c in comments {
        texts.push(goto_flow(&format!("        {c}"), ""));
        texts.push(goto_flow("", &format!(" {c}")));
        texts.push(format!("{}{c}", goto_flow("", "")));
        texts.push(format!("\u{feff}{c}\n{}", goto_flow("", "")));
        texts.push(format!("{c}\n"));
        texts.push(c.to_string());
        texts.push(format!(
            "version: v1\ntype: flow\nsteps: [ {c}\n  {{type: pass, name: a}}]\n"
        ));
        texts.push(format!("steps:\n  - |\n    text\n  {c}\n  - \"open\n"));
    }
    let crlf: Vec<String> = texts.iter().map(|t| t.replace('\n', "\r\n")).collect();
    texts.extend(crlf);
    for text in &texts {
        let diagnostics = check_source(text);
        support::assert_spans_valid(text, &diagnostics, text);
        for d in &diagnostics {
            for n in 0..d.fixes.len() {
                let fixed = apply(text, d, n);
                // A fix never leaves the suppression half-removed into something broken.
                let _ = check_source(&fixed);
            }
        }
    }
}

#[test]
fn stacked_and_interleaved_comments() {
    // Stacked with an ordinary comment between: all cover the `goto` line.
    let stacked = goto_flow(
        "        # fdl-ignore: FDL201\n        # the step comes from the deploy script\n\n        # fdl-ignore: FDL203",
        "",
    );
    let diagnostics = check_source(&stacked);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(
        diagnostics[0].message,
        "this suppression of `FDL203` (unreachable-step) suppresses nothing: no FDL203 diagnostic starts on line 14"
    );
    // Each own-line comment covers its own next line, not a later one.
    let interleaved = goto_flow("        # fdl-ignore: FDL201", "").replace(
        "        goto: declined\n",
        "        goto: declined\n      - errors: [FnF.ALL]\n        # fdl-ignore: FDL201\n\n        goto: failed\n      - errors: [FnF.TaskTimeout]\n        goto: timedOut\n",
    );
    assert_eq!(found(&interleaved), ["FDL201@17"]);
}

/// A retry rule whose flow list of errors `fdl fmt` may split over several lines, with two
/// unknown errors (FDL411): one on the first line of the list, one on its last.
fn split_list(comment_above: &str, trailing: &str) -> String {
    format!(
        "version: v1
type: flow
steps:
  - type: task
    name: encodeVideo
    resourceArn: acs:fc:::services/video/functions/encode
    retry:
{comment_above}
      - errors: [FC.ResourceThrottled, FC.EncodeBusy, FnF.ALL,
          FC.Unknown, FC.EncodeQuotaExceeded]{trailing}
        maxAttempts: 3
"
    )
}

#[test]
fn multi_line_flow_collections_are_covered_from_their_first_and_last_line() {
    assert_eq!(found(&split_list("", "")), ["FDL411@9", "FDL411@10"]);
    // After the `]`, as `fdl fmt` leaves a trailing comment when it splits a long list.
    assert_eq!(
        found(&split_list(
            "",
            "  # fdl-ignore: FDL411 -- raised by the wrapper"
        )),
        [] as [&str; 0]
    );
    // Above the line the list starts on.
    assert_eq!(
        found(&split_list("      # fdl-ignore: FDL411", "")),
        [] as [&str; 0]
    );
    // Flow mappings too, and a list that starts below its key.
    let mapping = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: encode\n    resourceArn: acs:fc:::services/video/functions/encode\n    serviceParams: {InvocationType: Async,\n      Preset: h265}  # fdl-ignore: FDL414\n";
    assert_eq!(found(mapping), [] as [&str; 0]);
    assert_eq!(
        found(&mapping.replace("  # fdl-ignore: FDL414", "")),
        ["FDL414@8"]
    );
    let below_key = split_list("", "").replace(
        "      - errors: [",
        "      - errors:  # fdl-ignore: FDL411\n          [",
    );
    assert_eq!(found(&below_key), [] as [&str; 0]);
    // A line inside the list that is neither its first nor its last covers only itself.
    let three_lines = split_list("", "").replace(
        "FnF.ALL,\n          FC.Unknown,",
        "FnF.ALL,\n          FC.Misspelt,  # fdl-ignore: FDL411\n          FC.Unknown,",
    );
    assert_eq!(found(&three_lines), ["FDL411@9", "FDL411@11"]);
}

/// `key: [` ... `]  # fdl-ignore`: the comment after the list covers the key too, which is
/// where an unknown key is reported; `fdl fmt` leaves the comment there when it splits a long
/// list that had it at the end of its line.
#[test]
fn the_last_line_of_a_split_value_covers_its_key() {
    let flow = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: a\n    resourceArn: acs:fc:::services/s/functions/f\n    owner:\n      [\n        team-a,\n        team-b,\n      ]  # fdl-ignore: FDL102\n";
    assert_eq!(found(flow), [] as [&str; 0]);
    assert_eq!(
        found(&flow.replace("  # fdl-ignore: FDL102", "")),
        ["FDL102@7"]
    );
    let same_line = flow.replace("    owner:\n      [", "    owner: [");
    assert_eq!(found(&same_line), [] as [&str; 0]);
}

/// A choice whose conditions are plain scalars over several lines, each with an incomplete
/// comparison on its last line (FDL308).
fn split_conditions(above_key: &str, after_key: &str) -> String {
    format!(
        "version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
{above_key}
      - condition:{after_key}
          $.status == \"done\" &&
          $.priority >
        goto: finish
    default:
      goto: finish
  - type: succeed
    name: finish
"
    )
}

#[test]
fn a_key_line_covers_a_value_written_below_it() {
    assert_eq!(found(&split_conditions("", "")), ["FDL308@10"]);
    assert_eq!(
        found(&split_conditions(
            "      # fdl-ignore: FDL308 -- read by the service",
            ""
        )),
        [] as [&str; 0]
    );
    assert_eq!(
        found(&split_conditions("", "  # fdl-ignore: invalid-condition")),
        [] as [&str; 0]
    );
    // A value on the key's line that continues below: covered from its first line.
    let continued = split_conditions("", "").replace(
        "      - condition:\n          $.status",
        "      - condition: $.status",
    );
    assert_eq!(found(&continued), ["FDL308@9"]);
    let suppressed = continued.replace(
        "      - condition: $.status",
        "      # fdl-ignore: FDL308\n      - condition: $.status",
    );
    assert_eq!(found(&suppressed), [] as [&str; 0]);
    // A key whose value is a block mapping does not cover the entries: they have lines of
    // their own for comments.
    let block = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: encode\n    resourceArn: acs:fc:::services/video/functions/encode\n    serviceParams:  # fdl-ignore: FDL414\n      Preset: h265\n";
    assert_eq!(found(block), ["FDL011@7", "FDL414@8"]);
}

/// Three steps: `finish` ends the list, so `finish` below it is unreachable (FDL203) and
/// named twice (FDL202), both reported at its `name` value.
fn unreachable(above_item: &str, on_item: &str) -> String {
    format!(
        "version: v1
type: flow
steps:
  - type: pass
    name: start
  - type: succeed
    name: finish
{above_item}
  - type: pass{on_item}
    name: finish
"
    )
}

#[test]
fn a_list_item_line_covers_diagnostics_about_the_step() {
    assert_eq!(found(&unreachable("", "")), ["FDL202@10", "FDL203@10"]);
    assert_eq!(
        found(&unreachable(
            "  # fdl-ignore: FDL203, duplicate-step-name -- kept for the relaunch",
            ""
        )),
        [] as [&str; 0]
    );
    assert_eq!(
        found(&unreachable("", "  # fdl-ignore: unreachable-step")),
        ["FDL202@10"]
    );
    // Only what points at the step's name: other lines of the item keep their own.
    let other = unreachable("  # fdl-ignore: FDL203, FDL102", "") + "    colour: blue\n";
    assert_eq!(found(&other), ["FDL011@8", "FDL202@10", "FDL102@11"]);
    // An item whose first line holds only the `-`.
    let bare = unreachable("  # fdl-ignore: FDL203, FDL202", "").replace(
        "  - type: pass\n    name: finish\n",
        "  -\n    type: pass\n    name: finish\n",
    );
    assert_eq!(found(&bare), [] as [&str; 0]);
}

#[test]
fn suppressions_count_before_levels() {
    // `--select FDL011`: every other rule is off, yet a stale suppression is still stale...
    let mut only_unused = RuleLevels::default();
    only_unused.set_all(Level::Off);
    only_unused.set("FDL011", Level::Warning).unwrap();
    let stale = goto_flow("        # fdl-ignore: FDL203", "");
    assert_eq!(found_with(&stale, &only_unused), ["FDL011@10"]);
    // ... and a used one, used.
    let used = goto_flow("        # fdl-ignore: FDL201", "");
    assert_eq!(found_with(&used, &only_unused), [] as [&str; 0]);
    // `--ignore FDL203`: its stale suppression is reported all the same.
    let mut ignored = RuleLevels::default();
    ignored.set("FDL203", Level::Off).unwrap();
    assert_eq!(found_with(&stale, &ignored), ["FDL011@10", "FDL201@11"]);
    // The diagnostics about suppressions take their configured level.
    let mut hint = RuleLevels::default();
    hint.set("FDL011", Level::Hint).unwrap();
    let diagnostics = check_source_with(&stale, &hint);
    assert_eq!(diagnostics[0].code, "FDL011");
    assert_eq!(diagnostics[0].severity, fdl_check::Severity::Hint);
}

#[test]
fn separators_and_reasons() {
    // Comma, semicolon, fullwidth punctuation and the ideographic space separate rules; the
    // first word that looks like no rule begins the reason, ` -- ` or not.
    for comment in [
        "# fdl-ignore: FDL201 because the step is added at deploy time",
        "# fdl-ignore: FDL201; new",
        "# fdl-ignore: FDL201 param is read by the service",
        "# fdl-ignore：FDL201　部署时添加",
        "# fdl-ignore： goto-target-missing —— 部署脚本会添加该步骤",
        "# fdl-ignore: FDL201 e-mail step comes later",
    ] {
        assert_eq!(
            found(&goto_flow(&format!("        {comment}"), "")),
            [] as [&str; 0],
            "{comment}"
        );
    }
    for comment in [
        "# fdl-ignore: FDL203，FDL201",
        "# fdl-ignore: FDL203；FDL201",
        "# fdl-ignore: FDL203、FDL201",
        "# fdl-ignore: FDL203　FDL201",
    ] {
        let flow = goto_flow(&format!("        {comment}"), "");
        let diagnostics = check_source(&flow);
        assert_eq!(diagnostics.len(), 1, "{comment}: {diagnostics:?}");
        assert_eq!(diagnostics[0].code, "FDL011");
        assert_eq!(
            apply(&flow, &diagnostics[0], 0),
            goto_flow("        # fdl-ignore: FDL201", ""),
            "{comment}"
        );
    }
    // A rule after the reason began is not suppressed, and said so once.
    let flow = goto_flow("        # fdl-ignore: FDL203 and FDL201 too", "");
    let diagnostics = check_source(&flow);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["FDL011", "FDL010", "FDL201"]);
    assert_eq!(
        diagnostics[1].message,
        "`FDL201` comes after `and`, where the reason begins, so it is not suppressed"
    );
    assert_eq!(&flow[diagnostics[1].span.range()], "FDL201");
    // After ` -- `, rules are just words of the reason.
    assert_eq!(
        found(&goto_flow(
            "        # fdl-ignore: FDL201 -- like FDL203 elsewhere",
            ""
        )),
        [] as [&str; 0]
    );
}

#[test]
fn a_fix_never_drops_another_rule() {
    // The misspelt code is replaced alone: the other code stays.
    let flow = goto_flow("        # fdl-ignore: FDL2O1，FDL203", "");
    let diagnostics = check_source(&flow);
    let invalid = diagnostics.iter().find(|d| d.code == "FDL010").unwrap();
    assert_eq!(&flow[invalid.span.range()], "FDL2O1");
    assert_eq!(
        apply(&flow, invalid, 0),
        goto_flow("        # fdl-ignore: FDL201，FDL203", "")
    );
    // Two codes glued into one word: reported, but no replacement offered.
    let flow = goto_flow("        # fdl-ignore: FDL201/FDL203", "");
    let diagnostics = check_source(&flow);
    let invalid = diagnostics.iter().find(|d| d.code == "FDL010").unwrap();
    assert_eq!(&flow[invalid.span.range()], "FDL201/FDL203");
    assert!(
        invalid
            .fixes
            .iter()
            .all(|f| !f.message.starts_with("replace")),
        "{invalid:?}"
    );
    // A rule glued to the keyword is kept by the fix.
    let flow = goto_flow("        # fdl-ignoreFDL201", "");
    let diagnostics = check_source(&flow);
    assert_eq!(diagnostics[0].code, "FDL010");
    assert_eq!(
        apply(&flow, &diagnostics[0], 0),
        goto_flow("        # fdl-ignore: FDL201", "")
    );
}

#[test]
fn keyword_in_any_case_after_several_hashes() {
    for comment in [
        "# FDL-IGNORE: FDL201",
        "## fdl-ignore: FDL201",
        "### Fdl-Ignore: goto-target-missing",
        "#\u{3000}fdl-ignore: FDL201",
    ] {
        assert_eq!(
            found(&goto_flow(&format!("        {comment}"), "")),
            [] as [&str; 0],
            "{comment}"
        );
    }
    let flow = format!("## FDL-IGNORE-FILE: FDL201\n{}", goto_flow("", ""));
    assert_eq!(found(&flow), [] as [&str; 0]);
    // The fix of an unused one removes the whole line, whatever the spelling.
    let flow = goto_flow("        ## FDL-IGNORE: FDL203", "");
    let diagnostics = check_source(&flow);
    assert_eq!(diagnostics[0].code, "FDL011");
    assert_eq!(
        apply(&flow, &diagnostics[0], 0),
        goto_flow("", "").replace("\n\n", "\n")
    );
}

#[test]
fn a_second_document_cannot_be_suppressed_or_judged() {
    let two = format!(
        "# fdl-ignore-file: FDL003\n{}---\n# fdl-ignore: FDL102\nregion: cn-hangzhou\n",
        goto_flow("", "")
    );
    let result = found(&two);
    // FDL003 stays and its suppression is invalid; the suppression in the second document,
    // which is never checked, is not called unused.
    assert_eq!(result, ["FDL010@1", "FDL201@12", "FDL003@15"]);
    let diagnostics = check_source(&two);
    assert!(
        diagnostics[0]
            .message
            .contains("it means the file holds a second YAML document, which is never checked"),
        "{}",
        diagnostics[0].message
    );
}
