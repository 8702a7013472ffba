//! Snapshots of what a user sees: `fdl check` on the shipped examples, as code frames and as
//! JSON, run from the repository root like the README's first command.

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn fdl() -> Command {
    let mut cmd = Command::new(get_cargo_bin("fdl"));
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "FORCE_COLOR"] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn examples_human() {
    assert_cmd_snapshot!(fdl().args(["check", "examples/"]));
}

#[test]
fn examples_with_hints() {
    assert_cmd_snapshot!(fdl().args(["check", "--show-hints", "examples/video-transcode.yaml"]));
}

#[test]
fn example_json() {
    assert_cmd_snapshot!(fdl().args([
        "check",
        "--format",
        "json",
        "examples/with-mistakes/payment-retry.yaml"
    ]));
}

#[test]
fn clean_fixtures_pass() {
    assert_cmd_snapshot!(fdl().args(["check", "fixtures/valid"]));
}
