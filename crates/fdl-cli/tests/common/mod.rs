//! Running `fdl` from this crate's folder on the shared test data.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The folder of flows with several diagnostics, relative to the crate folder.
pub const SEVERAL: &str = "tests/data/several";

/// The `fdl` command in `dir`, with the colour variables of the test environment removed.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fdl"));
    cmd.current_dir(dir);
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "FORCE_COLOR"] {
        cmd.env_remove(var);
    }
    cmd
}

/// `fdl` run in `dir`, with nothing on standard input.
pub fn fdl_in(dir: &Path, args: &[&str]) -> Output {
    fdl_piped(dir, args, None)
}

/// `fdl` run in `dir`, with `stdin` (if any) written to its standard input.
pub fn fdl_piped(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run(command(dir).args(args), stdin)
}

/// Runs `cmd` with `stdin` (if any) written to its standard input.
pub fn run(cmd: &mut Command, stdin: Option<&str>) -> Output {
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fdl");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for fdl")
}

/// `fdl` run in the crate folder.
pub fn fdl(args: &[&str]) -> Output {
    fdl_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

/// Exit code, stdout and stderr, for a snapshot.
pub fn transcript(output: &Output) -> String {
    format!(
        "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        code(output),
        stdout(output),
        stderr(output)
    )
}
