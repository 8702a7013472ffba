//! `fdl`: the command-line front end of the FDL toolkit.
//!
//! Each subcommand lives in its own module and returns an [`ExitCode`]; `main` only parses the
//! command line and dispatches, so `fmt`, `lsp`, `explain` and `schema` slot in beside `check`.

mod check;
mod inputs;
mod output;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit statuses shared by every subcommand.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Status {
    /// Nothing to report (or only what the options say not to fail on).
    Success = 0,
    /// The check found problems.
    Problems = 1,
    /// Usage or I/O trouble: the run itself is incomplete. Clap uses 2 for usage errors too.
    Trouble = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

/// Tools for the Flow Definition Language (FDL) of Alibaba Cloud Serverless Workflow.
#[derive(Parser, Debug)]
#[command(name = "fdl", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check flow definitions for mistakes.
    ///
    /// Folders are searched for `.yaml`/`.yml` files whose top level holds `type: flow`,
    /// honouring `.gitignore`; files named explicitly are always checked.
    ///
    /// Exit status: 0 when no errors were found, 1 when errors were found (or warnings, with
    /// --deny-warnings), 2 on usage or I/O problems.
    Check(check::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
    };
    status.into()
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
