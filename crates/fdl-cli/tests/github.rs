//! `fdl check --format github`: one workflow command per diagnostic, escaped as GitHub
//! requires, then the summary line.

mod common;

use common::{SEVERAL, code, fdl, fdl_in, stdout, transcript};

#[test]
fn several_diagnostics() {
    let output = fdl(&["check", "--format", "github", "--show-hints", SEVERAL]);
    assert_eq!(code(&output), 2, "a file could not be read");
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn every_line_is_a_command_or_the_summary() {
    let output = fdl(&["check", "--format", "github", "--show-hints", SEVERAL]);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let (summary, commands) = lines.split_last().expect("output");
    assert!(summary.starts_with("Checked 3 files: "), "{summary}");
    assert_eq!(commands.len(), 8, "7 diagnostics and 1 unreadable file");
    for line in commands {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
        // The properties end at the first `::` after the command; nothing in them may
        // contain an unescaped `:` or `,` beyond the separators.
        let properties = line.split_once(' ').expect("properties").1;
        let properties = properties.split_once("::").expect("message").0;
        for property in properties.split(',') {
            let (key, value) = property.split_once('=').expect("key=value");
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
                "{line}"
            );
            assert!(!value.contains(':'), "{line}");
        }
    }
}

#[test]
fn file_names_and_messages_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a,b:c%.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: x\n    colour: blue\n",
    )
    .expect("write");
    let output = fdl_in(dir.path(), &["check", "--format", "github", "a,b:c%.yaml"]);
    assert_eq!(code(&output), 0, "a warning does not fail the run");
    let text = stdout(&output);
    let first = text.lines().next().expect("an annotation");
    assert!(
        first.starts_with(
            "::warning file=a%2Cb%3Ac%25.yaml,line=6,col=5,endLine=6,endColumn=11,\
             title=FDL102 unknown-key::unknown key `colour` in a `pass` step%0Anote: "
        ),
        "{first}"
    );
    assert!(
        text.ends_with("Checked 1 file: 1 warning in 1 file\n"),
        "{text}"
    );
}

#[test]
fn quiet_keeps_only_failures() {
    let output = fdl(&["check", "--format", "github", "--quiet", SEVERAL]);
    let text = stdout(&output);
    assert!(!text.contains("::warning"), "{text}");
    assert!(!text.contains("::notice"), "{text}");
    assert_eq!(text.matches("::error ").count(), 4, "{text}");
    let output = fdl(&[
        "check",
        "--format",
        "github",
        "--quiet",
        "--deny-warnings",
        SEVERAL,
    ]);
    assert_eq!(stdout(&output).matches("::warning ").count(), 3);
}
