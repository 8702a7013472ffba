//! The human (`--quiet`) and JSON outputs on the shared fixture, and the options that choose
//! what is reported: `--quiet`, `--select`, `--ignore`, `--flows-only`.

mod common;

use common::{SEVERAL, code, fdl, fdl_in, stderr, stdout, transcript};
use serde_json::Value;

#[test]
fn human_quiet() {
    let output = fdl(&["check", "--quiet", SEVERAL]);
    assert_eq!(code(&output), 2, "a file could not be read");
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn json() {
    let output = fdl(&["check", "--format", "json", "--show-hints", SEVERAL]);
    assert_eq!(code(&output), 2, "a file could not be read");
    let document: Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    insta::assert_snapshot!(serde_json::to_string_pretty(&document).expect("JSON"));
}

/// The codes reported, in order, by `fdl check --format json ARGS SEVERAL`.
fn codes(args: &[&str]) -> Vec<String> {
    let output = fdl(&[&["check", "--format", "json"], args, &[SEVERAL]].concat());
    let document: Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    document["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("diagnostics").iter())
        .map(|d| d["code"].as_str().expect("code").to_owned())
        .collect()
}

#[test]
fn quiet_reports_only_what_fails() {
    assert_eq!(
        codes(&["--quiet"]),
        ["FDL201", "FDL401", "FDL202"],
        "errors only"
    );
    assert_eq!(
        codes(&["--quiet", "--deny-warnings"]),
        ["FDL201", "FDL411", "FDL302", "FDL401", "FDL102", "FDL202"],
        "warnings too when they fail the run"
    );
    let output = fdl(&["check", "--quiet", "--show-hints", SEVERAL]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("cannot be used with"),
        "{}",
        stderr(&output)
    );

    // Quiet on a clean run still prints the summary.
    let output = fdl(&["check", "-q", "tests/data/several/clean.yaml"]);
    assert_eq!(code(&output), 0);
    assert_eq!(stdout(&output), "Checked 1 file: no problems found\n");
    // Warnings hidden by --quiet do not fail the run, and the summary says they are there.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("w.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: x\n    colour: blue\n",
    )
    .expect("write");
    let output = fdl_in(dir.path(), &["check", "-q", "w.yaml"]);
    assert_eq!(code(&output), 0);
    assert_eq!(
        stdout(&output),
        "Checked 1 file: no errors found (1 warning hidden by --quiet)\n"
    );
    let output = fdl_in(dir.path(), &["check", "-q", "--deny-warnings", "w.yaml"]);
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("warning[FDL102]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn select_and_ignore() {
    let all = codes(&["--show-hints"]);
    assert_eq!(
        all,
        [
            "FDL107", "FDL201", "FDL411", "FDL302", "FDL401", "FDL102", "FDL202"
        ]
    );
    // Codes or names, any letter case, comma-separated or repeated.
    assert_eq!(
        codes(&["--select", "fdl201,unknown-key", "--select", "FDL202"]),
        ["FDL201", "FDL102", "FDL202"]
    );
    assert_eq!(
        codes(&[
            "--ignore",
            "FDL201",
            "--ignore=unknown-builtin-error,FDL302"
        ]),
        ["FDL401", "FDL102", "FDL202"]
    );
    // --ignore wins over --select.
    assert_eq!(
        codes(&[
            "--select",
            "FDL201,FDL202",
            "--ignore",
            "goto-target-missing"
        ]),
        ["FDL202"]
    );
    // A selected hint still needs --show-hints, like any hint.
    assert_eq!(codes(&["--select", "FDL107"]), Vec::<String>::new());
    assert_eq!(codes(&["--select", "FDL107", "--show-hints"]), ["FDL107"]);

    // Only the selected rules decide the exit status.
    let output = fdl(&[
        "check",
        "--select",
        "FDL411",
        "tests/data/several/orders.yaml",
    ]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn yaml_syntax_errors_are_always_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("broken.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: \"x\n",
    )
    .expect("write");
    let output = fdl_in(dir.path(), &["check", "--select", "FDL201", "broken.yaml"]);
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("error[FDL001]"),
        "{}",
        stdout(&output)
    );
    let output = fdl_in(
        dir.path(),
        &["check", "--ignore", "yaml-syntax-error", "broken.yaml"],
    );
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: FDL001 (yaml-syntax-error) cannot be ignored: it means part of the file could \
         not be read, so nothing there was checked\n"
    );
}

#[test]
fn a_second_document_is_always_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("two.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: x\n---\nregion: cn-hangzhou\n",
    )
    .expect("write");
    let output = fdl_in(dir.path(), &["check", "--select", "FDL201", "two.yaml"]);
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("error[FDL003]"),
        "{}",
        stdout(&output)
    );
    let output = fdl_in(
        dir.path(),
        &["check", "--ignore", "multiple-documents", "two.yaml"],
    );
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: FDL003 (multiple-documents) cannot be ignored: it means the file holds a second \
         YAML document, which is never checked\n"
    );
}

#[test]
fn unknown_rules_are_usage_errors() {
    for (args, message) in [
        (
            ["--select", "FDL21"],
            "error: unknown rule `FDL21`; did you mean `FDL201`? (`fdl rules` lists them)\n",
        ),
        (
            ["--ignore", "goto-target-mising"],
            "error: unknown rule `goto-target-mising`; did you mean `goto-target-missing`? \
             (`fdl rules` lists them)\n",
        ),
        (
            ["--select", "FDL201,"],
            "error: --select names an empty rule (a stray comma?)\n",
        ),
    ] {
        let output = fdl(&[&["check"], &args[..], &[SEVERAL]].concat());
        assert_eq!(code(&output), 2, "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output), message, "{args:?}");
    }
}

#[test]
fn flows_only_skips_named_files_that_are_not_flows() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ci.yml"),
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("latin1.yml"), b"title: caf\xe9\n").expect("write");
    std::fs::write(
        dir.path().join("flow.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: x\n    colour: blue\n",
    )
    .expect("write");
    let files = ["ci.yml", "latin1.yml", "flow.yaml"];

    // Named files are checked whatever they hold...
    let output = fdl_in(dir.path(), &[&["check"], &files[..]].concat());
    assert_eq!(code(&output), 2, "{}", transcript(&output));
    // ...unless --flows-only asks to treat them like files found in a folder.
    let output = fdl_in(
        dir.path(),
        &[&["check", "--flows-only"], &files[..]].concat(),
    );
    assert_eq!(code(&output), 0, "{}", transcript(&output));
    assert_eq!(stderr(&output), "");
    assert!(
        stdout(&output).starts_with("warning[FDL102]: unknown key `colour`"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).ends_with("Checked 1 file: 1 warning in 1 file\n"),
        "{}",
        stdout(&output)
    );
    // Nothing to check is not worth a warning then: the files were skipped on purpose.
    let output = fdl_in(dir.path(), &["check", "--flows-only", "ci.yml"]);
    assert_eq!(code(&output), 0);
    assert_eq!(stderr(&output), "");
    assert_eq!(stdout(&output), "Checked 0 files: no problems found\n");
}

#[test]
fn no_color_wins() {
    let forced = |extra: &[&str], env: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fdl"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .args([&["check"], extra, &["tests/data/several/orders.yaml"]].concat())
            .envs(env.iter().copied());
        stdout(&cmd.output().expect("run fdl"))
    };
    assert!(forced(&[], &[]).contains('\u{1b}'));
    assert!(!forced(&["--no-color"], &[]).contains('\u{1b}'));
    assert!(!forced(&[], &[("NO_COLOR", "1")]).contains('\u{1b}'));
    // Machine formats are never coloured.
    assert!(!forced(&["--format", "github"], &[]).contains('\u{1b}'));
}
