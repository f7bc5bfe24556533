use kura_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::TestDatabase;

async fn tenants_table_exists(db: &sea_orm::DatabaseConnection) -> bool {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'tenants'"
        }
        _ => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tenants'",
    };
    db.query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .is_some()
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let test_db = TestDatabase::create().await;
    let db = test_db.connect().await;
    let total = Migrator::migrations().len();

    Migrator::up(&db, None).await.unwrap();
    assert!(tenants_table_exists(&db).await);
    assert_eq!(
        Migrator::get_applied_migrations(&db).await.unwrap().len(),
        total
    );

    Migrator::down(&db, None).await.unwrap();
    assert!(!tenants_table_exists(&db).await);
    assert!(
        Migrator::get_applied_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::up(&db, None).await.unwrap();
    assert!(tenants_table_exists(&db).await);
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );
}
