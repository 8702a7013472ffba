//! fdl-lsp: the FDL language server, protocol glue over `fdl-ide`.
//!
//! `fdl lsp` calls [`run_stdio`]; tests call [`serve`] on an in-memory connection. The server
//! speaks LSP 3.17 with incremental sync and UTF-16 positions (UTF-8 when the client offers
//! it). Only YAML documents that are flows get diagnostics and flow features, so the server can
//! be attached to every YAML file.

mod caps;
mod convert;
mod diagnostics;
mod document;
mod handlers;
mod server;
mod settings;

pub use lsp_server::Connection;
pub use server::serve;

/// Runs the language server on standard input and output until the client sends `exit`.
/// `Ok` after `shutdown` then `exit` (exit status 0); `Err` with the reason otherwise (exit
/// without `shutdown`, the client went away, standard input was not LSP), for exit status 1.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let result = serve(connection);
    // The reader stops after `exit`; the writer once every message has gone out.
    let io = io_threads
        .join()
        .map_err(|e| format!("the connection to the client failed: {e}"));
    result.and(io)
}
