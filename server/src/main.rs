use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                "info,sqlx=warn,sea_orm=warn,tantivy=warn,tower_http=warn".into()
            }),
        )
        .init();
    server::cli::run(server::cli::Cli::parse()).await
}
