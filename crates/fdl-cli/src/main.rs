//! `fdl`: the command-line front end of the FDL toolkit.
//!
//! Each subcommand lives in its own module and returns an [`ExitCode`]; `main` only parses the
//! command line and dispatches, so each stays small.

mod check;
mod config;
mod configs;
mod explain;
mod fmt;
mod graph;
mod inputs;
mod output;
mod render;
mod rules;
mod schema;

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

    /// Format flow definitions: one canonical layout, comments kept, meaning unchanged.
    ///
    /// Folders are searched as by `fdl check`; files named explicitly are always formatted.
    /// A file with YAML syntax errors is never changed.
    ///
    /// Exit status: 0 when done, 1 when --check or --diff found files to change, 2 on syntax
    /// errors, usage or I/O problems.
    Fmt(fmt::FmtArgs),

    /// Draw a flow: steps, branches, jumps and catch rules, with its problems marked.
    ///
    /// Mermaid (default) for Markdown, DOT for Graphviz, SVG laid out by fdl itself, JSON for
    /// tools.
    ///
    /// Exit status: 0 when drawn (even with problems, which are marked), 1 when the file holds
    /// no flow to draw, 2 on usage or I/O problems.
    Graph(graph::GraphArgs),

    /// Run the language server on standard input and output (for editors).
    ///
    /// Attach it to every YAML file: only flows get diagnostics and editor features. Settings
    /// come from the nearest fdl.toml.
    Lsp(LspArgs),

    /// List every rule: code, name, default severity and what it finds.
    Rules(rules::RulesArgs),

    /// Show the full documentation of a rule, with a failing and a passing example.
    Explain(explain::ExplainArgs),

    /// Print the JSON Schema of flow definitions (for generic YAML language servers).
    Schema(schema::SchemaArgs),

    /// Work with `fdl.toml` configuration files.
    Config(config::ConfigArgs),
}

#[derive(clap::Args, Debug)]
struct LspArgs {
    /// Accepted for clients that announce the transport (vscode-languageclient passes it);
    /// standard input and output is the only one.
    #[arg(long, hide = true)]
    stdio: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Lsp(_) => match fdl_lsp::run_stdio() {
            Ok(()) => Status::Success,
            Err(e) => {
                output::report_problem(&format!("fdl lsp: {e}"));
                Status::Problems
            }
        },
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Config(args) => config::run(&args),
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
