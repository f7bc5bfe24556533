//! `kura`: configuration → telemetry → command.

use std::process::ExitCode;

use clap::Parser;
use kura_backend::{
    cli::{Cli, Command, MigrateAction},
    config::Settings,
    graphql,
    startup::Application,
    store, telemetry,
};
use kura_migrations::{Migrator, MigratorTrait};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::PrintSchema) = cli.command {
        print!("{}", graphql::sdl());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    telemetry::init(settings.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate { action } => migrate(settings, action).await,
        Command::PrintSchema => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn fail(error: impl std::fmt::Display) -> ExitCode {
    eprintln!("kura: error: {error}");
    ExitCode::FAILURE
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

async fn migrate(settings: Settings, action: MigrateAction) -> Result<(), String> {
    let db = store::connect(&settings).await.map_err(|e| e.to_string())?;
    let describe = |e: kura_migrations::DbErr| format!("migration failed: {e}");
    match action {
        MigrateAction::Up => Migrator::up(&db, None).await.map_err(describe)?,
        MigrateAction::Down { steps } => {
            Migrator::down(&db, Some(steps)).await.map_err(describe)?
        }
        MigrateAction::Status => {
            for migration in Migrator::get_migration_with_status(&db)
                .await
                .map_err(describe)?
            {
                println!(
                    "{:<10} {}",
                    format!("{:?}", migration.status()),
                    migration.name()
                );
            }
        }
    }
    Ok(())
}
