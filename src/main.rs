//! The `stancemap` binary: parse arguments, then open the window or run a subcommand; report
//! an error once.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = stancemap::cli::parse();
    let result = match cli.command {
        Some(command) => stancemap::cli::run(command),
        None => stancemap::app::run_native(cli.file).map(|()| ExitCode::SUCCESS),
    };
    match result {
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
