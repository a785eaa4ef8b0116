//! The `stancemap` binary: parse arguments, run, report an error once.

use std::process::ExitCode;

use clap::Parser as _;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = stancemap::cli::Cli::parse();
    match stancemap::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            #[expect(
                clippy::print_stderr,
                reason = "the one place the binary reports a fatal error"
            )]
            {
                eprintln!("Error: {error:#}");
            }
            ExitCode::from(1)
        }
    }
}
