//! `kura`: configuration → telemetry → command.

use std::process::ExitCode;

use clap::Parser;
use kura_backend::{
    cli::{Cli, Command, MigrateAction, SeedArgs},
    config::Settings,
    graphql,
    services::stock::inventory,
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
        Command::Reconcile { tenant } => reconcile(settings, tenant).await,
        Command::Seed(args) => seed(settings, args).await,
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

async fn reconcile(settings: Settings, tenant: Option<uuid::Uuid>) -> Result<(), String> {
    let db = store::connect(&settings).await.map_err(|e| e.to_string())?;
    let tenants = match tenant {
        Some(id) => vec![id],
        None => store::tenant::visible_tenants(&db)
            .await
            .map_err(|e| e.to_string())?,
    };
    let mut unbalanced = 0;
    for tenant in &tenants {
        let result = inventory::reconcile(&db, *tenant)
            .await
            .map_err(|e| e.to_string())?;
        for m in &result.mismatches {
            println!(
                "MISMATCH tenant {tenant} variant {} location {}: on hand {} (movements add up to {}), allocated {} (open orders hold {})",
                m.key.variant_id, m.key.location_id, m.on_hand, m.ledger, m.allocated, m.held
            );
        }
        unbalanced += result.mismatches.len();
        println!(
            "tenant {tenant}: {} rows checked, {} mismatched",
            result.rows_checked,
            result.mismatches.len()
        );
    }
    if unbalanced > 0 {
        return Err(format!(
            "{unbalanced} stock row(s) do not match their ledger or their orders"
        ));
    }
    println!("ledger balanced for {} compan(y/ies)", tenants.len());
    Ok(())
}

async fn seed(settings: Settings, args: SeedArgs) -> Result<(), String> {
    let SeedArgs {
        tenants,
        variants,
        locations,
        password,
        label,
    } = args;
    let db = store::connect(&settings).await.map_err(|e| e.to_string())?;
    let password_hash = kura_backend::auth::passwords::Hashing::for_this_machine()
        .hash(password)
        .await
        .map_err(|e| e.to_string())?;
    let plan = store::seed::SeedPlan {
        tenants,
        variants,
        locations,
        password_hash,
        label,
    };
    let started = std::time::Instant::now();
    store::seed::seed(&db, &plan, |n, tenant| {
        println!(
            "[{n}/{tenants}] {} ({}) after {:.1} s",
            tenant.owner_email,
            tenant.tenant_id,
            started.elapsed().as_secs_f64()
        );
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
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
