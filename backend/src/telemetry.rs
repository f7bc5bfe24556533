//! Logging: `tracing` spans and events to stderr, pretty for people or JSON for shippers.
//! `RUST_LOG` filters; the default keeps Kura at info and its dependencies quieter.
//! Each HTTP request is a span carrying its request id, method, route and status; closing
//! it prints one line with its duration, which doubles as the access log.

use std::io::IsTerminal;

use tracing_subscriber::{EnvFilter, fmt, fmt::format::FmtSpan, prelude::*};

use crate::config::LogFormat;

/// Installs the global subscriber once; later calls (e.g. from tests) are ignored.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match format {
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_events(FmtSpan::CLOSE)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
        LogFormat::Pretty => registry
            .with(
                fmt::layer()
                    // Colour only for a person at a terminal, never into files or pipes.
                    .with_ansi(std::io::stderr().is_terminal())
                    .with_span_events(FmtSpan::CLOSE)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
}
