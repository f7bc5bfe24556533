//! The one message catalogue: every user-visible string, in Japanese and English.
//!
//! Adding a UI string means adding one line here with both languages, so a missing
//! translation is a compile error rather than a blank label.

use super::Lang;

/// Declares [`Msg`] and its lookup table together, so a key cannot exist without both texts.
/// Each variant's doc is its English text, which makes `Msg::…` readable at call sites.
macro_rules! catalogue {
    ($($key:ident => ($ja:literal, $en:literal),)*) => {
        /// A key into the message catalogue; resolve it with [`Msg::text`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $(#[doc = $en] $key,)*
        }

        impl Msg {
            /// The message in the given language.
            pub const fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Ja) => $ja, (Msg::$key, Lang::En) => $en,)*
                }
            }

            #[cfg(test)]
            pub(super) const ALL: &'static [Msg] = &[$(Msg::$key,)*];
        }
    };
}

catalogue! {
    // Shell
    SwitchLanguage => ("Switch to English", "日本語に切り替え"),
    OtherLanguageLabel => ("English", "日本語"),
    OpenNavigation => ("メニューを開く", "Open navigation"),
    MainNavigation => ("メインメニュー", "Main navigation"),
    NavSectionOverview => ("概要", "Overview"),
    NavSectionOperations => ("業務", "Operations"),
    NavSectionSystem => ("システム", "System"),
    NavDashboard => ("ダッシュボード", "Dashboard"),
    NavStock => ("在庫", "Stock"),
    NavProducts => ("商品", "Products"),
    NavLocations => ("拠点", "Locations"),
    NavSales => ("売上", "Sales"),
    NavChannels => ("販売チャネル", "Channels"),
    NavSalesImport => ("売上 CSV 取込", "Import sales CSV"),
    NavSettings => ("設定", "Settings"),
    NavStatus => ("サーバー状態", "Server status"),

    // Server status pill
    StatusOnline => ("オンライン", "Online"),
    StatusOffline => ("オフライン", "Offline"),
    StatusChecking => ("確認中…", "Checking…"),
    StatusPillTitle => ("Kura サーバーとの接続状態", "Connection to the Kura server"),

    // Generic states
    Loading => ("読み込み中…", "Loading…"),
    Retry => ("再試行", "Retry"),
    Unknown => ("不明", "Unknown"),
    ViewDetails => ("詳細を見る", "View details"),
    BackToDashboard => ("ダッシュボードに戻る", "Back to dashboard"),

    // Errors: transport, then one per kura_shared::ErrorCode
    NetworkErrorTitle => ("Kura サーバーに接続できません", "Can't reach the Kura server"),
    NetworkErrorBody => (
        "インターネット接続をご確認ください。自動で再接続を試みますが、今すぐ再試行することもできます。",
        "Check your internet connection. We keep trying in the background, or you can retry now."
    ),
    RequestFailedTitle => ("データを読み込めませんでした", "Couldn't load this data"),
    ErrorUnexpectedResponse => (
        "サーバーから想定外の応答がありました。しばらくしてから再度お試しください。",
        "The server sent a response we didn't expect. Please try again in a moment."
    ),
    ErrorUnauthenticated => ("もう一度ログインしてください。", "Please sign in again."),
    ErrorForbidden => ("この操作を行う権限がありません。", "You don't have permission to do this."),
    ErrorNotFound => ("お探しのデータが見つかりませんでした。", "We couldn't find what you were looking for."),
    ErrorValidation => ("入力内容に誤りがあります。", "Some of the information entered isn't valid."),
    ErrorInsufficientStock => ("在庫が不足しています。", "There isn't enough stock available."),
    ErrorConflict => (
        "他の方が同時に変更しました。再読み込みしてからもう一度お試しください。",
        "Someone else changed this at the same time. Reload and try again."
    ),
    ErrorRateLimited => (
        "リクエストが集中しています。少し待ってから再度お試しください。",
        "Too many requests. Please wait a moment and try again."
    ),
    ErrorPlanLimit => (
        "現在のご契約プランではご利用いただけません。",
        "Your current plan doesn't include this."
    ),
    ErrorQueryTooComplex => (
        "リクエストが大きすぎます。条件を絞ってお試しください。",
        "This request is too large. Try narrowing it down."
    ),
    ErrorInternal => (
        "サーバー側で問題が発生しました。しばらくしてから再度お試しください。",
        "Something went wrong on our side. Please try again later."
    ),

    // Dashboard
    DashboardTitle => ("ダッシュボード", "Dashboard"),
    DashboardSubtitle => (
        "すべての店舗・倉庫・販売チャネルの在庫と売上を、ひとつの画面でリアルタイムに。",
        "One live view of stock and sales across every store, warehouse and channel."
    ),
    SalesPeriod => ("集計期間", "Period"),
    SalesToday => ("今日", "Today"),
    SalesThisMonth => ("今月", "This month"),
    SalesByHour => ("時間帯別売上（今日）", "Sales by hour (today)"),
    SalesByDay => ("日別売上（今月）", "Sales by day (this month)"),
    SalesByChannel => ("チャネル別", "By channel"),
    SalesByLocation => ("店舗・拠点別", "By location"),
    SalesTopProducts => ("売れ筋商品（売上順）", "Top products by revenue"),
    SalesCountShort => ("{n}件", "{n} sales"),
    SalesTimeZone => ("タイムゾーン", "Time zone"),
    SalesNone => ("この期間の売上はまだありません。", "No sales in this period yet."),
    ColumnUnits => ("数量", "Units"),
    ColumnRevenue => ("売上", "Revenue"),
    KpiSales => ("売上（税込）", "Sales (incl. tax)"),
    KpiTaxIncluded => ("返品差引後・取消を除く", "Net of returns, voids excluded"),
    KpiCount => ("販売件数", "Sales"),
    KpiReturns => ("返品 {n}件", "{n} returns"),
    KpiAverage => ("客単価", "Average basket"),
    KpiUnits => ("販売数量 {n}点", "{n} units sold"),
    KpiMargin => ("粗利率", "Gross margin"),
    OversoldTitle => ("在庫がマイナスの商品が{n}件あります", "{n} stock rows are below zero"),
    OversoldBody => (
        "帳簿より多く販売されました。棚卸で数量を確認してください：",
        "More was sold than the books held. Count these to correct them:"
    ),
    OversoldAction => ("在庫を確認", "Check stock"),
    ServerCardTitle => ("サーバー", "Server"),

    // Server facts
    FieldVersion => ("バージョン", "Version"),
    FieldStorage => ("ストレージ", "Storage"),
    FieldEventBus => ("イベントバス", "Event bus"),
    FieldUptime => ("稼働時間", "Uptime"),
    FieldStartedAt => ("起動日時", "Started at"),
    FieldEndpoint => ("エンドポイント", "Endpoint"),
    FieldConnection => ("接続状態", "Connection"),
    StorageSqlite => ("SQLite（組み込み）", "SQLite (embedded)"),
    StoragePostgres => ("PostgreSQL", "PostgreSQL"),
    EventBusInProcess => ("プロセス内", "In-process"),
    EventBusRedis => ("Redis", "Redis"),

    // Status page
    StatusTitle => ("サーバー状態", "Server status"),
    StatusSubtitle => (
        "Kura サーバーの稼働状況と、このブラウザとのリアルタイム接続を確認できます。",
        "Health of the Kura server and of this browser's live connection to it."
    ),
    ApiCardTitle => ("GraphQL API", "GraphQL API"),
    LiveCardTitle => ("リアルタイム接続", "Live connection"),
    LiveCardHint => (
        "サーバー時刻は WebSocket のサブスクリプションで毎秒届きます。在庫や売上の更新も同じ仕組みで届きます。",
        "The server clock arrives every second over a WebSocket subscription, the same channel that will carry live stock and sales updates."
    ),
    ServerClock => ("サーバー時刻", "Server clock"),
    WaitingForFirstTick => ("最初の受信を待っています…", "Waiting for the first tick…"),
    WsConnecting => ("接続中…", "Connecting…"),
    WsConnected => ("接続済み", "Connected"),
    WsClosed => ("終了", "Closed"),

    // Areas that are not built yet
    StockTitle => ("在庫", "Stock"),
    StockSummary => ("拠点別のリアルタイム在庫", "Live quantities at every location"),
    ProductsTitle => ("商品", "Products"),
    ProductsSummary => ("商品・SKU・JANコード", "Catalogue, SKUs and barcodes"),
    ProductsEmptyTitle => (
        "商品カタログはここで管理します",
        "Your product catalogue will live here"
    ),
    ProductsEmptyBody => (
        "商品・バリエーション・SKU・JANコードを、価格や税率とあわせて一元管理。すべての販売チャネルで共通に使われます。",
        "Products, variants, SKUs and JAN barcodes with their prices and tax rates, kept in one place and shared by every channel you sell on."
    ),
    LocationsTitle => ("拠点", "Locations"),
    LocationsSummary => ("店舗と倉庫", "Stores and warehouses"),
    LocationsEmptyTitle => (
        "店舗と倉庫がここに一覧表示されます",
        "Your stores and warehouses will be listed here"
    ),
    LocationsEmptyBody => (
        "店舗・倉庫・EC 用の在庫拠点を登録すると、拠点ごとの在庫管理や拠点間の移動ができるようになります。",
        "Add each shop, warehouse and online stock point so stock can be counted at, and moved between, every one of them."
    ),
    SalesTitle => ("売上", "Sales"),
    SalesSummary => ("全チャネルの注文", "Orders from every channel"),
    SalesEmptyTitle => (
        "すべての販売チャネルの売上がここに表示されます",
        "Sales from every channel will appear here"
    ),
    ChannelsTitle => ("販売チャネル", "Sales channels"),
    ChannelsSummary => (
        "店舗レジ・EC・卸・モールなど、売上が入ってくる経路",
        "Where your sales come from: registers, online shops, wholesale and marketplaces"
    ),
    ChannelsEmpty => ("チャネルはまだありません", "No channels yet"),
    ChannelsEmptyBody => (
        "店舗のレジ、Shopify・Square・スマレジ、CSV 取込などをチャネルとして追加すると、売上が在庫と集計に自動で反映されます。",
        "Add each register, Shopify, Square or Smaregi account and CSV-fed POS as a channel, and its sales move stock and figures on their own."
    ),
    ChannelsListTitle => ("チャネル一覧", "All channels"),
    ChannelsListSubtitle => (
        "Webhook URL を連携先の設定に貼り付けます",
        "Paste each webhook URL into its provider's settings"
    ),
    CreateChannel => ("チャネルを追加", "Add channel"),
    EditChannel => ("チャネルを編集", "Edit channel"),
    ChannelName => ("名前", "Name"),
    PlaceholderChannelName => ("渋谷店レジ", "Shibuya store register"),
    ChannelProvider => ("連携先", "Provider"),
    ChannelWebhookUrl => ("Webhook URL", "Webhook URL"),
    ChannelLocations => ("販売・出荷拠点", "Selling locations"),
    ChannelLocationsHint => (
        "在庫を販売・出荷する拠点。最初の拠点が既定で、拠点を指定しない売上はここで計上されます。",
        "The locations whose stock this channel sells. Sales that name no location are booked at the default (the first)."
    ),
    ChannelNeedsLocation => ("拠点を1つ以上選んでください。", "Choose at least one location."),
    ChannelDefaultLocation => ("既定", "Default"),
    ChannelMakeDefault => ("既定にする", "Make default"),
    ChannelBuffer => ("安全在庫", "Safety buffer"),
    ChannelBufferHint => (
        "売り越しを防ぐため、商品ごとにこの数だけ少なく連携先に公開します。",
        "Units per product held back from what this channel may sell, so it cannot oversell."
    ),
    ChannelOrdersToShip => ("未出荷のネット注文", "Online orders to ship"),
    ChannelOrdersToShipHint => (
        "「受注として出荷」にすると、発送が必要な注文は売上ではなく受注として取り込まれ、在庫を引き当てて Kura から出荷します。店頭レジの売上は常に売上です。",
        "With “Orders to ship from Kura”, an order that must still be shipped comes in as an order instead of a sale: Kura allocates its stock and you pack and ship it here. Till sales are always sales."
    ),
    OrdersToShipSale => ("売上として記録", "Sales"),
    OrdersToShipOrder => ("受注として出荷", "Orders to ship from Kura"),
    ChannelWebhookSecret => ("署名シークレット", "Signing secret"),
    ChannelSecretShopifyHint => (
        "Shopify アプリの API シークレットキー。Webhook の署名検証に使います。",
        "Your Shopify app's API secret key; Kura checks every webhook's signature with it."
    ),
    ChannelSecretSquareHint => (
        "Square の Webhook サブスクリプションの署名キー。",
        "The signature key of your Square webhook subscription."
    ),
    ChannelSecretSmaregiHint => (
        "スマレジの Webhook 設定で送信ヘッダーに設定する任意の文字列。",
        "A secret of your choice that Smaregi's webhook settings send as a header."
    ),
    ChannelSecretKeepHint => (
        "保存済みです。変更するときだけ入力してください。",
        "One is stored. Type a new one only to replace it."
    ),
    ChannelSecretMissing => (
        "署名シークレットが未設定のため、Webhook は受け付けません。",
        "No signing secret is stored, so webhooks are refused."
    ),
    ChannelSavedFlash => ("チャネルを保存しました:", "Channel saved:"),
    ChannelArchivedFlash => ("チャネルをアーカイブしました:", "Channel archived:"),
    ChannelRestoredFlash => ("チャネルを元に戻しました:", "Channel restored:"),
    ChannelKindPos => ("店舗レジ (POS)", "Store register (POS)"),
    ChannelKindEc => ("EC サイト", "Online shop"),
    ChannelKindWholesale => ("卸売", "Wholesale"),
    ChannelKindMarketplace => ("モール", "Marketplace"),
    ProviderManual => ("Kura (手入力・API)", "Kura (register or API)"),
    ProviderShopify => ("Shopify", "Shopify"),
    ProviderSquare => ("Square", "Square"),
    ProviderSmaregi => ("スマレジ", "Smaregi"),
    ProviderCsv => ("CSV 取込", "CSV import"),
    ChannelTitle => ("チャネル", "Channel"),
    ChannelSummary => (
        "設定、連携先との接続、商品の対応付け、同期の状況",
        "Its settings, provider connection, item mappings and sync in both directions"
    ),
    ChannelOverviewTitle => ("概要", "Overview"),
    ChannelOverviewSummary => (
        "販売する拠点と、連携先に貼り付ける URL",
        "Where it sells, and what to paste into its provider"
    ),
    ChannelGoImport => ("売上 CSV を取り込む", "Import a sales CSV"),
    ChannelGoRegister => ("レジを開く", "Open the register"),
    ConnectionTitle => ("連携先との接続", "Provider connection"),
    ConnectionSummary => (
        "在庫の送信と取りこぼしの照合に使う認証情報。トークンやシークレットは表示されません。",
        "Credentials for pushing stock and reconciling missed sales. Tokens and secrets are never shown again."
    ),
    ConnectionSavedFlash => ("接続設定を保存しました:", "Connection saved:"),
    ConnShop => ("ショップ", "Shop"),
    PlaceholderShop => ("my-shop.myshopify.com", "my-shop.myshopify.com"),
    ConnAccessToken => ("アクセストークン", "Access token"),
    ConnNotificationUrl => ("通知 URL", "Notification URL"),
    ConnNotificationUrlHint => (
        "Square に登録した通知 URL をそのまま入力します (署名の計算に含まれます)。空欄なら上の Webhook URL を使います。",
        "Exactly as registered in Square (it is part of what Square signs). Empty means the webhook URL above."
    ),
    ConnContractId => ("契約 ID", "Contract ID"),
    ConnClientId => ("クライアント ID", "Client ID"),
    ConnClientSecret => ("クライアントシークレット", "Client secret"),
    SecretStoredHint => (
        "保存済みです。変更するときだけ入力してください。",
        "Stored. Type a new one only to replace it."
    ),
    SecretMissingHint => ("未設定です。", "Not set yet."),
    MappingsTitle => ("商品・拠点の対応付け", "Item and location mappings"),
    MappingsSummary => (
        "連携先の ID と Kura の商品・拠点の対応。SKU・バーコードが一致すれば自動で登録されます。",
        "Which provider id is which Kura product or location. Kura adds them itself when a SKU or barcode matches."
    ),
    MappingsEmpty => ("対応付けはまだありません", "No mappings yet"),
    MappingsFilter => ("ID・SKU・商品名で絞り込み", "Filter by id, SKU or product"),
    MapKindVariant => ("商品", "Product"),
    MapKindLocation => ("拠点", "Location"),
    MapExternalId => ("連携先の ID", "Provider id"),
    MapExternalIdHint => (
        "Shopify のバリエーション ID、Square のアイテムバリエーション ID、スマレジの商品 ID、または各拠点の ID",
        "Shopify variant, Square item variation or Smaregi product id, or the provider's location id"
    ),
    MapExternalRef => ("在庫アイテム ID", "Inventory item id"),
    MapExternalRefHint => (
        "Shopify の inventory item ID (在庫の送信に必要)",
        "Shopify's inventory item id, which stock pushes need"
    ),
    MapKuraItem => ("Kura の商品・拠点", "Kura item"),
    MapKuraVariant => ("Kura の商品 (SKU またはバーコード)", "Kura product (SKU or barcode)"),
    MapKuraLocation => ("Kura の拠点", "Kura location"),
    MapSource => ("登録方法", "Added"),
    MapSourceAuto => ("自動", "Automatically"),
    MapSourceManual => ("手動", "By hand"),
    MapSince => ("登録日", "Since"),
    MapAdd => ("対応付けを追加", "Add mapping"),
    MapRemove => ("対応付けを解除", "Remove mapping"),
    SyncIssuesTitle => ("同期の問題", "Sync issues"),
    SyncIssuesSummary => (
        "商品を割り当てると売上が記録され、在庫が動きます",
        "Map the item to a Kura product and the sale is recorded and stock moves"
    ),
    SyncIssuesEmpty => ("未解決の問題はありません", "No open issues"),
    SyncVariantPlaceholder => ("SKU またはバーコード", "SKU or barcode"),
    SyncMapAndRecord => ("割り当てて記録", "Map and record"),
    SyncDismiss => ("対応しない", "Dismiss"),
    SyncNoSuchProduct => (
        "その SKU・バーコードの商品はありません",
        "No product has that SKU or barcode"
    ),
    DeliveriesTitle => ("最近の Webhook 受信", "Recent webhook deliveries"),
    DeliveriesSummary => (
        "連携先からの通知と、その処理結果",
        "Notifications from the provider and what became of each"
    ),
    DeliveryReceived => ("受信日時", "Received"),
    DeliveryTopic => ("種類", "Topic"),
    DeliveryStatus => ("状態", "Status"),
    DeliveryNote => ("メモ", "Note"),
    SettingsTitle => ("設定", "Settings"),

    // Sign-up and sign-in
    SignUpTitle => ("新規登録", "Create your account"),
    SignUpSubtitle => (
        "会社のアカウントを作成して、在庫と売上をひとつの画面で管理しましょう。",
        "Set up your company and see stock and sales in one place."
    ),
    LogInTitle => ("ログイン", "Sign in"),
    LogInSubtitle => ("Kura のアカウントでログインしてください。", "Sign in to your Kura account."),
    FieldEmail => ("メールアドレス", "Email"),
    FieldPassword => ("パスワード", "Password"),
    FieldName => ("お名前", "Your name"),
    FieldCompany => ("会社名", "Company name"),
    PlaceholderName => ("山田 花子", "Hanako Yamada"),
    PlaceholderCompany => ("株式会社山田商店", "Yamada Shoten Ltd."),
    CompanyHint => (
        "店舗名ではなく、会社名または屋号を入力してください。",
        "Your company or trading name, not a single store's."
    ),
    PasswordRulesLabel => ("パスワードの条件", "Password requirements"),
    PasswordRuleLength => ("10文字以上", "At least 10 characters"),
    PasswordRuleNotCommon => (
        "よく使われる語句・お名前・メールアドレスではない",
        "Not a common password, your name or your email"
    ),
    PasswordStrength => ("強度", "Strength"),
    StrengthWeak => ("弱い", "Weak"),
    StrengthFair => ("ふつう", "Fair"),
    StrengthStrong => ("強い", "Strong"),
    ShowPassword => ("パスワードを表示", "Show password"),
    HidePassword => ("パスワードを隠す", "Hide password"),
    SignUpSubmit => ("アカウントを作成", "Create account"),
    SigningUp => ("作成しています…", "Creating your account…"),
    LogInSubmit => ("ログイン", "Sign in"),
    LoggingIn => ("ログインしています…", "Signing in…"),
    HaveAccount => ("アカウントをお持ちの方は", "Already have an account?"),
    NoAccount => ("アカウントをお持ちでない方は", "New to Kura?"),
    GoToLogIn => ("ログイン", "Sign in"),
    GoToSignUp => ("新規登録", "Create an account"),
    SignUpTerms => (
        "登録すると、あなたがこの会社のオーナーになります。スタッフはあとから招待できます。",
        "You'll be the owner of this company. You can invite your staff later."
    ),
    AuthTagline => (
        "店舗・倉庫・EC の在庫と売上を、リアルタイムにひとつに。",
        "Stock and sales from every store, warehouse and channel, live in one place."
    ),
    LoginFailed => (
        "メールアドレスまたはパスワードが正しくありません。",
        "The email or password is incorrect."
    ),
    ReasonEmailUnavailable => (
        "このメールアドレスでは新しい会社を作成できません。ご自身のアドレスの場合は、ログインしてください（このアドレス宛てにご案内をお送りしています）。",
        "This email cannot be used to create a new company. If it is yours, sign in instead (we have sent it a message)."
    ),
    PasswordRequired => ("パスワードを入力してください。", "Enter your password."),
    ReasonEmailEmpty => ("メールアドレスを入力してください。", "Enter your email address."),
    ReasonEmailInvalid => (
        "メールアドレスの形式が正しくありません（例: name@example.jp）。",
        "Enter an email address like name@example.com."
    ),
    ReasonEmailTooLong => ("メールアドレスが長すぎます。", "This email address is too long."),
    ReasonPasswordTooShort => ("パスワードは10文字以上にしてください。", "Use at least 10 characters."),
    ReasonPasswordTooLong => ("パスワードは256文字以内にしてください。", "Use at most 256 characters."),
    ReasonPasswordTooCommon => (
        "推測されやすいパスワードです。別のパスワードにしてください。",
        "This password is too easy to guess. Please choose another."
    ),
    ReasonRequired => ("入力してください。", "This field is required."),
    ReasonTooLong => ("文字数が多すぎます。短くしてください。", "This is too long. Please shorten it."),
    ReasonTextLength => (
        "1〜100文字で入力してください。",
        "Use between 1 and 100 characters."
    ),
    ReasonScopeNone => ("権限を1つ以上選んでください。", "Choose at least one permission."),
    ReasonScopeUnknown => (
        "この画面が知らない権限が含まれています。ページを再読み込みしてください。",
        "One of the permissions isn't recognised. Please reload the page."
    ),

    // Account menu
    AccountMenu => ("アカウントメニュー", "Account menu"),
    LogOut => ("ログアウト", "Sign out"),
    FieldRole => ("権限", "Role"),
    RoleOwner => ("オーナー", "Owner"),
    RoleAdmin => ("管理者", "Admin"),
    RoleManager => ("マネージャー", "Manager"),
    RoleStaff => ("スタッフ", "Staff"),
    RoleViewer => ("閲覧のみ", "Viewer"),

    // Company switcher (user menu)
    SwitchCompany => ("会社を切り替え", "Switch company"),
    CurrentCompany => ("現在の会社", "Current company"),
    CompaniesLoading => ("所属する会社を読み込み中…", "Loading your companies…"),
    CompaniesLoadFailed => ("所属する会社を読み込めませんでした。", "Couldn't load your companies."),
    SwitchingCompany => ("切り替え中…", "Switching…"),
    CompanySwitchFailed => ("会社を切り替えられませんでした。", "Couldn't switch company."),
    ErrorNotAMember => (
        "この会社のメンバーではなくなっています。",
        "You're no longer a member of that company."
    ),
    CompanySwitched => ("会社を切り替えました", "Switched company"),

    // Generic actions and table columns
    Cancel => ("キャンセル", "Cancel"),
    Close => ("閉じる", "Close"),
    Done => ("完了", "Done"),
    Copy => ("コピー", "Copy"),
    Copied => ("コピーしました", "Copied"),
    CopyFailed => ("コピーできませんでした。選択してコピーしてください", "Couldn't copy. Select it and copy by hand"),
    LoadMore => ("さらに読み込む", "Load more"),
    You => ("あなた", "You"),
    ColumnName => ("名前", "Name"),
    ColumnJoined => ("参加日", "Joined"),
    ColumnActions => ("操作", "Actions"),
    ColumnInvitedBy => ("招待した人", "Invited by"),
    ColumnSent => ("送信", "Sent"),
    ColumnExpires => ("有効期限", "Expires"),
    ColumnKey => ("キー", "Key"),
    ColumnScopes => ("権限", "Permissions"),
    ColumnCreated => ("作成日", "Created"),
    ColumnLastUsed => ("最終利用", "Last used"),
    ColumnStatus => ("状態", "Status"),
    ColumnTime => ("日時", "Time"),
    ColumnAction => ("操作内容", "Action"),
    ColumnActor => ("実行者", "Actor"),
    ColumnSubject => ("対象", "Subject"),
    ColumnAddress => ("IP アドレス", "IP address"),

    // Settings area
    SettingsSubtitle => (
        "メンバーと権限、外部連携用の API キー、ログイン中の端末、操作履歴を管理します。",
        "Manage members and roles, API keys for integrations, signed-in devices and the audit log."
    ),
    SettingsTabsLabel => ("設定メニュー", "Settings sections"),
    TabTeam => ("メンバー", "Team"),
    TabApiKeys => ("API キー", "API keys"),
    TabSessions => ("ログイン中の端末", "Sessions"),
    TabAudit => ("操作履歴", "Audit log"),
    TabCompany => ("会社設定", "Company"),
    CompanyTitle => ("会社設定", "Company settings"),
    CompanySubtitle => ("会社名、タイムゾーン、価格の表示方法", "Name, time zone and how prices are entered"),
    CompanyName => ("会社名", "Company name"),
    CompanyPricesIncludeTax => ("価格は税込（総額表示）", "Prices include consumption tax (総額表示)"),
    CompanyPricesIncludeTaxHint => ("オフにすると、商品の価格は税抜として入力・表示されます。", "Turn off to enter and show product prices without tax."),
    CompanyAddress => ("住所", "Address"),
    CompanyPhone => ("電話番号", "Phone"),
    CompanyRegistrationNumber => ("登録番号 (インボイス)", "Registration number (invoices)"),
    CompanyDocumentsHint => (
        "見積書・納品書・ピッキングリストの会社名の下に印字されます。登録番号は T と 13 桁の数字で、チェックディジットを確認します。",
        "Printed under the company's name on quotes, delivery notes and pick lists. The registration number is T and 13 digits; its check digit is verified."
    ),
    CompanySaved => ("会社設定を保存しました:", "Company settings saved:"),
    AdminOnlyTitle => ("管理者向けのページです", "This page is for admins"),
    AdminOnlyBody => (
        "この画面はオーナーと管理者のみ利用できます。必要な場合は会社のオーナーにご相談ください。",
        "Only owners and admins can use this page. Ask your company's owner if you need access."
    ),

    // Team
    MembersTitle => ("メンバー", "Members"),
    MembersSubtitle => (
        "この会社の Kura を利用できる人と、その権限です。",
        "Everyone who can use Kura for this company, and what they may do."
    ),
    MembersEmptyTitle => ("メンバーがいません", "No members yet"),
    MembersEmptyBody => (
        "スタッフを招待すると、ここに表示されます。",
        "People you invite will appear here once they join."
    ),
    RoleOwnerHint => (
        "すべての操作が可能です。契約・請求やオーナーの管理も行えます。",
        "Can do everything, including billing and managing other owners."
    ),
    RoleAdminHint => (
        "メンバー、API キー、会社の設定を管理できます。",
        "Manages members, API keys and company settings."
    ),
    RoleManagerHint => (
        "店舗・倉庫の運営を担当します。在庫、移動、注文、仕入れを扱えます。",
        "Runs stores and warehouses: stock, transfers, orders and purchasing."
    ),
    RoleStaffHint => (
        "担当拠点での日々の業務（販売、入出庫など）を行います。",
        "Day-to-day work at their locations, such as sales and receiving stock."
    ),
    RoleViewerHint => (
        "ダッシュボードとレポートの閲覧のみ。変更はできません。",
        "Can view dashboards and reports, but change nothing."
    ),
    RemoveMember => ("削除", "Remove"),
    RemoveMemberTitle => ("メンバーを削除しますか？", "Remove this member?"),
    RemoveMemberBody => (
        "この会社のデータにアクセスできなくなり、ログイン中の端末からも直ちに外れます。アカウント自体は削除されません。",
        "They lose access to this company at once, on every device. Their Kura account itself is kept."
    ),
    RoleChangedFor => ("権限を変更しました:", "Role changed for"),
    LastOwnerConflict => (
        "オーナーが1人もいなくなるため変更できません。先に別のメンバーをオーナーにしてください。",
        "A company needs at least one owner. Make someone else an owner first."
    ),
    OwnersOnly => (
        "オーナーの変更・削除はオーナーのみ行えます。",
        "Only owners can change or remove owners."
    ),
    InvitationsTitle => ("招待中", "Pending invitations"),
    InvitationsSubtitle => (
        "まだ承諾されていない招待です。期限が切れると無効になります。",
        "Invitations not accepted yet. Each stops working when it expires."
    ),
    InvitationsEmptyTitle => ("招待中の人はいません", "No pending invitations"),
    InvitationsEmptyBody => (
        "「メンバーを招待」からスタッフを招待できます。",
        "Use \"Invite member\" to bring your staff into Kura."
    ),
    RevokeInvitation => ("取り消す", "Revoke"),
    RevokeInvitationTitle => ("招待を取り消しますか？", "Revoke this invitation?"),
    RevokeInvitationBody => (
        "招待リンクは使えなくなります。必要になれば、もう一度招待できます。",
        "The invitation link stops working. You can invite them again later."
    ),
    InvitationRevokedFor => ("招待を取り消しました:", "Invitation revoked for"),
    InviteMember => ("メンバーを招待", "Invite member"),
    PlaceholderInviteEmail => ("staff@example.jp", "staff@example.com"),
    SendInvitation => ("招待を送信", "Send invitation"),
    SendingInvitation => ("送信しています…", "Sending…"),
    InvitationSentTo => ("招待しました:", "Invitation created for"),
    InviteConflict => (
        "この方は既にメンバーか、招待中です。",
        "This person is already a member or has a pending invitation."
    ),
    InviteOwnerForbidden => (
        "オーナーとして招待できるのはオーナーのみです。",
        "Only owners can invite someone as an owner."
    ),
    InviteLinkIntro => ("招待を作成しました:", "Invitation created for"),
    InviteLinkTitle => ("招待メールは送信されていません", "No invitation email was sent"),
    InviteLinkBody => (
        "このサーバーはメールを送信できない設定です。下のリンクをコピーして、チャットなどで招待する方に直接お伝えください。リンクを知っている人は誰でも参加できるため、取り扱いにご注意ください。",
        "This server isn't set up to send email. Copy the link below and pass it on to the person yourself, e.g. by chat. Anyone with the link can join, so share it only with them."
    ),

    // API keys
    ApiKeysTitle => ("API キー", "API keys"),
    ApiKeysSubtitle => (
        "POS・EC カート・倉庫システム・会計ソフトなどの外部サービスが Kura に接続するためのキーです。",
        "Keys that let partner systems such as POS, EC carts, warehouse and accounting software connect to Kura."
    ),
    ApiKeysEmptyTitle => ("API キーはまだありません", "No API keys yet"),
    ApiKeysEmptyBody => (
        "外部サービスと連携するには、必要な権限だけを持つキーを作成してください。",
        "To connect another system, create a key with only the permissions it needs."
    ),
    CreateApiKey => ("API キーを作成", "Create API key"),
    CreatingApiKey => ("作成しています…", "Creating…"),
    ApiKeyName => ("キーの名前", "Key name"),
    PlaceholderApiKeyName => ("スマレジ POS 連携", "Smaregi POS"),
    ApiKeyNameHint => (
        "どのサービスで使うキーか分かる名前にしてください（100文字以内）。",
        "Name it after the system that will use it (up to 100 characters)."
    ),
    ApiKeyScopes => ("権限", "Permissions"),
    ApiKeyScopesHint => (
        "このキーに許可する操作を選んでください。必要最小限をおすすめします。",
        "Choose what this key may do. Grant only what the system needs."
    ),
    ScopeAreaStock => ("在庫", "Stock"),
    ScopeAreaCatalog => ("商品カタログ", "Catalog"),
    ScopeAreaSales => ("売上", "Sales"),
    ScopeAreaOrders => ("注文", "Orders"),
    ScopeAreaCustomers => ("顧客", "Customers"),
    ScopeRead => ("閲覧", "Read"),
    ScopeWrite => ("編集", "Write"),
    ApiKeyCreatedFor => ("API キーを作成しました:", "API key created:"),
    ApiKeySecretTitle => ("このキーは今しか表示されません", "This key won't be shown again"),
    ApiKeySecretBody => (
        "今すぐコピーして、連携先のサービスに安全に保管してください。この画面を離れると二度と表示できません。紛失した場合は、このキーを無効にして新しいキーを作成してください。",
        "Copy it now and store it safely in the system that will use it. Once you leave, it can't be shown again; if it is lost, revoke it and create a new one."
    ),
    ApiKeySecretDone => ("コピーしました。閉じる", "I've copied it, close"),
    NeverUsed => ("未使用", "Never"),
    KeyActive => ("有効", "Active"),
    KeyRevoked => ("無効", "Revoked"),
    RevokeApiKey => ("無効にする", "Revoke"),
    RevokeApiKeyTitle => ("API キーを無効にしますか？", "Revoke this API key?"),
    RevokeApiKeyBody => (
        "このキーを使っているサービスは、次のリクエストから Kura に接続できなくなります。元に戻すことはできません。",
        "Any system using this key is refused from its next request on. This can't be undone."
    ),
    ApiKeyRevokedFlash => ("API キーを無効にしました:", "API key revoked:"),

    // Sessions
    SessionsTitle => ("ログイン中の端末", "Signed-in devices"),
    SessionsSubtitle => (
        "あなたのアカウントでログインしているブラウザと端末です。心当たりのないものはログアウトさせてください。",
        "Browsers and devices signed in to your account. Sign out any you don't recognise."
    ),
    SessionsEmptyTitle => ("ログイン中の端末はありません", "No signed-in devices"),
    SessionsEmptyBody => (
        "ログインすると、ここに端末が表示されます。",
        "Devices appear here when you sign in on them."
    ),
    ThisDevice => ("この端末", "This device"),
    UnknownDevice => ("不明な端末", "Unknown device"),
    SignedInOn => ("ログイン:", "Signed in"),
    LastActive => ("最終利用:", "last active"),
    RevokeSession => ("ログアウトさせる", "Sign out"),
    RevokeSessionTitle => ("この端末をログアウトさせますか？", "Sign out this device?"),
    RevokeSessionBody => (
        "その端末で Kura を使うには、もう一度ログインが必要になります。",
        "Using Kura on that device will need signing in again."
    ),
    SessionRevoked => ("端末をログアウトさせました。", "The device was signed out."),
    LogOutEverywhere => ("すべての端末からログアウト", "Sign out everywhere"),
    LogOutEverywhereTitle => ("すべての端末からログアウトしますか？", "Sign out everywhere?"),
    LogOutEverywhereBody => (
        "この端末を含むすべての端末でログアウトします。パスワードを変更したときや、端末を紛失したときにご利用ください。",
        "Every device is signed out, this one included. Use it after changing your password or losing a device."
    ),

    // Audit log
    AuditTitle => ("操作履歴", "Audit log"),
    AuditSubtitle => (
        "ログイン、権限の変更、招待、API キーの操作などの記録です。新しい順に表示します。",
        "Sign-ins, role changes, invitations and API key activity, newest first."
    ),
    AuditEmptyTitle => ("記録はまだありません", "Nothing recorded yet"),
    AuditEmptyBody => (
        "ログインや設定の変更が行われると、ここに記録されます。",
        "Sign-ins and changes to settings are recorded here as they happen."
    ),
    AuditSignIn => ("ログイン", "Signed in"),
    AuditSignInFailed => ("ログイン失敗", "Sign-in failed"),
    AuditRoleChanged => ("権限の変更", "Role changed"),
    AuditMemberRemoved => ("メンバーの削除", "Member removed"),
    AuditInvitationSent => ("招待の送信", "Invitation sent"),
    AuditInvitationAccepted => ("招待の承諾", "Invitation accepted"),
    AuditInvitationRevoked => ("招待の取り消し", "Invitation revoked"),
    AuditApiKeyCreated => ("API キーの作成", "API key created"),
    AuditApiKeyRevoked => ("API キーの無効化", "API key revoked"),
    AuditApiKeyFirstUsed => ("API キーの初回利用", "API key first used"),
    AuditMemberLocationsChanged => ("担当拠点の変更", "Member locations changed"),
    AuditSettingsChanged => ("会社設定の変更", "Company settings changed"),
    AuditCustomerCreated => ("顧客の追加", "Customer added"),
    AuditCustomerUpdated => ("顧客の変更", "Customer changed"),
    AuditCustomerAddressAdded => ("顧客住所の追加", "Customer address added"),
    AuditCustomerAddressUpdated => ("顧客住所の変更", "Customer address changed"),
    AuditCustomerAddressRemoved => ("顧客住所の削除", "Customer address removed"),
    ApiKeyActor => ("API キー", "API key"),

    // Accepting an invitation
    AcceptTitle => ("招待を承諾", "Accept your invitation"),
    AcceptSubtitle => (
        "Kura で一緒に在庫と売上を管理しましょう。",
        "Join your team on Kura to see stock and sales together."
    ),
    InviteExpiresOn => ("有効期限:", "expires"),
    AcceptExistingHint => (
        "このメールアドレスの Kura アカウントは既にあります。いつものパスワードを入力してください。",
        "You already have a Kura account with this email. Enter your usual password."
    ),
    AcceptCreate => ("アカウントを作成して参加", "Create account and join"),
    AcceptJoin => ("参加する", "Join"),
    Accepting => ("参加しています…", "Joining…"),
    WrongPassword => ("パスワードが正しくありません。", "The password is incorrect."),
    InviteInvalidTitle => ("この招待リンクは使えません", "This invitation can't be used"),
    InviteInvalidBody => (
        "リンクの有効期限が切れているか、既に使われたか、取り消された可能性があります。招待した方に新しい招待を依頼してください。",
        "The link may have expired, been used already or been revoked. Ask the person who invited you to send a new one."
    ),

    // Stock area
    NavMovements => ("入出庫履歴", "Movements"),
    NavLowStock => ("在庫不足", "Low stock"),
    StockTabMatrix => ("在庫一覧", "Stock matrix"),
    StockTabMovements => ("入出庫履歴", "Movements"),
    StockTabLow => ("在庫不足", "Low stock"),
    StockMatrixTitle => ("拠点別在庫", "Stock by location"),
    StockMatrixSubtitle => (
        "セルをクリックすると在庫の調整や発注点の設定ができます。他の端末での変更も自動で反映されます。",
        "Click a cell to adjust its stock or set a reorder point. Changes made anywhere appear here live."
    ),
    LiveUpdating => ("リアルタイム更新中", "Live"),
    LiveReconnecting => ("再接続中…", "Reconnecting…"),
    StockSearchLabel => ("商品を絞り込む", "Filter products"),
    StockSearchPlaceholder => ("商品名・SKU・JANで絞り込み", "Filter by name, SKU or barcode"),
    StockNoLocationsTitle => ("拠点がまだありません", "No locations yet"),
    StockNoLocationsBody => (
        "店舗や倉庫を登録すると、ここに拠点ごとの在庫が表示されます。",
        "Add your stores and warehouses to see stock at each of them here."
    ),
    StockNoProductsTitle => ("商品がまだありません", "No products yet"),
    StockNoProductsBody => (
        "商品を登録すると、ここにSKUごとの在庫が表示されます。",
        "Add products to see the stock of each SKU here."
    ),
    StockNoMatch => ("条件に一致する商品はありません。", "No products match this filter."),
    StockAvailableShort => ("引当可", "avail."),
    StockIncomingShort => ("入荷予定", "incoming"),
    StockLowBadge => ("在庫不足", "Low stock"),
    StockNoRow => ("この拠点にはまだ在庫の記録がありません", "No stock recorded here yet"),
    StockAdjustedFlash => ("在庫を調整しました:", "Stock adjusted:"),
    ReorderPointSavedFlash => ("発注点を保存しました:", "Reorder point saved:"),
    ColumnVariant => ("商品 / SKU", "Product / SKU"),
    ColumnTotal => ("合計", "Total"),
    ColumnLocation => ("拠点", "Location"),
    ColumnOnHand => ("実在庫", "On hand"),
    ColumnAllocated => ("引当済", "Allocated"),
    ColumnAvailable => ("引当可能", "Available"),
    ColumnIncoming => ("入荷予定", "Incoming"),
    ColumnReason => ("理由", "Reason"),
    ColumnDelta => ("増減", "Change"),
    ColumnOnHandAfter => ("変更後在庫", "On hand after"),
    ColumnNote => ("メモ", "Note"),
    ColumnReference => ("関連伝票", "Reference"),
    ColumnReorderPoint => ("発注点", "Reorder point"),
    ColumnReorderQuantity => ("発注数", "Reorder qty"),
    AdjustStockTitle => ("在庫の調整", "Adjust stock"),
    AdjustStockSection => ("在庫を増減する", "Add or remove stock"),
    AdjustStock => ("在庫を調整", "Adjust stock"),
    FieldDelta => ("増減数", "Change in units"),
    FieldDeltaHint => ("増やす場合は正の数、減らす場合は負の数（例: -3）", "Positive to add, negative to remove (e.g. -3)"),
    FieldReason => ("理由", "Reason"),
    FieldNote => ("メモ", "Note"),
    PlaceholderNote => ("例: 棚の奥から2点発見", "e.g. Found 2 at the back of the shelf"),
    Saving => ("保存しています…", "Saving…"),
    ReorderPointSection => ("発注点", "Reorder point"),
    ReorderPointHint => (
        "引当可能数と入荷予定数の合計がこの数以下になると「在庫不足」に表示されます。空欄で解除します。",
        "When available plus incoming falls to this number the row shows as low stock. Leave blank to clear."
    ),
    FieldReorderPoint => ("発注点", "Reorder point"),
    FieldReorderQuantity => ("発注数", "Reorder quantity"),
    SaveReorderPoint => ("発注点を保存", "Save reorder point"),
    ReasonWholeNumber => ("整数で入力してください。", "Enter a whole number."),
    MovementsTitle => ("入出庫履歴", "Stock movements"),
    MovementsSubtitle => (
        "在庫のすべての増減を新しい順に記録した台帳です。",
        "Every change of stock on hand, newest first."
    ),
    MovementsEmptyTitle => ("まだ入出庫はありません", "No movements yet"),
    MovementsEmptyBody => (
        "販売・入荷・移動・在庫調整が行われると、ここに記録されます。",
        "Sales, receipts, transfers and adjustments are recorded here as they happen."
    ),
    AllLocations => ("すべての拠点", "All locations"),
    LowStockTitle => ("在庫不足", "Low stock"),
    LowStockSubtitle => (
        "引当可能数と入荷予定数の合計が発注点以下になっている在庫です。",
        "Rows where available plus incoming has fallen to the reorder point."
    ),
    LowStockEmptyTitle => ("在庫不足はありません", "Nothing is running low"),
    LowStockEmptyBody => (
        "発注点を下回った在庫があると、ここに表示されます。発注点は在庫一覧のセルから設定できます。",
        "Rows that fall to their reorder point show up here. Set reorder points from the stock matrix."
    ),
    Refresh => ("更新", "Refresh"),
    MovementSale => ("販売", "Sale"),
    MovementReturn => ("返品", "Return"),
    MovementShipment => ("出荷", "Shipment"),
    MovementReceipt => ("入荷", "Receipt"),
    MovementTransferOut => ("移動（出庫）", "Transfer out"),
    MovementTransferIn => ("移動（入庫）", "Transfer in"),
    MovementCount => ("棚卸差異", "Stock count"),
    MovementDamage => ("破損・廃棄", "Damage"),
    MovementLoss => ("紛失", "Loss"),
    MovementFound => ("発見", "Found"),
    MovementCorrection => ("訂正", "Correction"),
    MovementInitial => ("初期在庫", "Opening balance"),
    MovementOther => ("その他", "Other"),
    ReasonQuantityAdjustment => ("0以外の数を入力してください（上限あり）。", "Enter a non-zero number of units within the limit."),
    ReasonQuantityRange => ("0以上の数を入力してください。", "Enter a number of 0 or more within the limit."),

    // Vocabularies
    KindStore => ("店舗", "Store"),
    KindWarehouse => ("自社倉庫", "Warehouse"),
    KindExternalWarehouse => ("外部委託倉庫", "3PL warehouse"),
    KindVirtual => ("仮想拠点", "Virtual"),
    StatusActive => ("販売中", "Active"),
    StatusDraft => ("下書き", "Draft"),
    StatusArchived => ("アーカイブ", "Archived"),
    TaxStandard => ("標準税率 10%", "Standard 10%"),
    TaxReduced => ("軽減税率 8%", "Reduced 8%"),

    // Locations
    LocationsListTitle => ("拠点一覧", "All locations"),
    LocationsListSubtitle => (
        "在庫を持つ店舗・倉庫・EC用の拠点です。使わなくなった拠点はアーカイブすると履歴を残したまま選択肢から外れます。",
        "The stores, warehouses and online stock points that hold stock. Archive one you no longer use: its history stays, it leaves pickers."
    ),
    ShowArchived => ("アーカイブ済みも表示", "Show archived"),
    CreateLocation => ("拠点を追加", "Add location"),
    EditLocation => ("拠点を編集", "Edit location"),
    SaveChanges => ("変更を保存", "Save changes"),
    ColumnCode => ("コード", "Code"),
    ColumnKind => ("種類", "Kind"),
    ColumnTimeZone => ("タイムゾーン", "Time zone"),
    ColumnSellableOnline => ("EC販売", "Sold online"),
    ColumnPickup => ("店舗受取", "Pickup"),
    LocationInUse => ("使用中", "In use"),
    Edit => ("編集", "Edit"),
    Archive => ("アーカイブ", "Archive"),
    Restore => ("元に戻す", "Restore"),
    Delete => ("削除", "Delete"),
    Yes => ("はい", "Yes"),
    DeleteLocationTitle => ("この拠点を削除しますか？", "Delete this location?"),
    DeleteLocationBody => (
        "在庫の記録が一度もない拠点だけ削除できます。この操作は取り消せません。",
        "Only a location that never held stock can be deleted. This can't be undone."
    ),
    LocationDeleteConflict => (
        "この拠点は削除できません。在庫の履歴があるか、メンバーや招待の担当拠点に指定されています。代わりにアーカイブするか、先に担当拠点を変更してください。",
        "This location can't be deleted: it has stock history, or team members or invitations are limited to it. Archive it instead, or change their locations first."
    ),
    LocationCreatedFlash => ("拠点を追加しました:", "Location added:"),
    LocationSavedFlash => ("拠点を保存しました:", "Location saved:"),
    LocationArchivedFlash => ("拠点をアーカイブしました:", "Location archived:"),
    LocationRestoredFlash => ("拠点を元に戻しました:", "Location restored:"),
    LocationDeletedFlash => ("拠点を削除しました:", "Location deleted:"),
    FieldLocationCode => ("拠点コード", "Code"),
    FieldLocationCodeHint => ("半角英数字・-・_ で32文字まで（大文字で保存）", "Up to 32 letters, digits, - or _ (stored in capitals)"),
    PlaceholderLocationCode => ("例: SHIBUYA", "e.g. SHIBUYA"),
    FieldLocationName => ("拠点名", "Name"),
    PlaceholderLocationName => ("例: 渋谷店", "e.g. Shibuya store"),
    FieldKind => ("種類", "Kind"),
    FieldTimeZone => ("タイムゾーン", "Time zone"),
    FieldTimeZoneHint => ("営業日の区切りに使います（例: Asia/Tokyo）", "Where its business day starts and ends (e.g. Asia/Tokyo)"),
    FieldAddress => ("住所", "Address"),
    FieldSellableOnline => ("EC で販売する", "Sell online"),
    FieldSellableOnlineHint => ("この拠点の在庫を EC チャネルの販売可能数に含めます。", "Its stock counts towards what online channels may sell."),
    FieldPickup => ("店舗受取", "In-store pickup"),
    FieldPickupHint => ("オンライン注文の商品をここで受け取れます。", "Customers can collect online orders here."),
    ReasonLocationCodeEmpty => ("拠点コードを入力してください。", "Enter a code."),
    ReasonLocationCodeTooLong => ("拠点コードは32文字以内にしてください。", "Use at most 32 characters."),
    ReasonLocationCodeInvalid => ("半角英数字・-・_ だけが使えます。", "Use only letters, digits, - and _."),
    ReasonKanaNotKana => ("ひらがな・カタカナ・スペースだけで入力してください。", "Use only hiragana, katakana and spaces."),
    ReasonCustomerCodeTooLong => ("取引先コードは32文字以内にしてください。", "Use at most 32 characters."),
    ReasonPriceRateRange => ("掛率は0.01%〜100%で入力してください。", "Enter a rate from 0.01% to 100%."),
    ReasonPriceRateFormat => ("掛率は 60 や 62.5 のように入力してください。", "Enter the rate like 60 or 62.5."),
    ReasonTermsIncomplete => ("締日・支払月・支払日をすべて選んでください。", "Choose the closing day, payment month and payment day."),
    ReasonTermsClosingDay => ("締日は5・10・15・20・25日、末日、都度から選んでください。", "Choose a closing day of 5, 10, 15, 20, 25, month end or per shipment."),
    ReasonTermsPaymentMonth => ("支払月は当月から3ヶ月後までです。", "Payment is due at most 3 months later."),
    ReasonTermsPaymentDay => ("支払日は1〜31日（31は月末）です。", "The payment day is 1 to 31 (31 = month end)."),
    ReasonBusinessOnly => ("取引先コード・与信・掛率・締日は法人の顧客だけに設定できます。", "Only a business customer has a code, credit limit, price rate or billing terms."),
    ReasonPostalCode => ("郵便番号は7桁で入力してください（例: 150-0001）。", "Enter a 7-digit postal code, e.g. 150-0001."),
    ReasonPrefecture => ("都道府県を選んでください。", "Choose a prefecture."),
    ReasonPhone => ("電話番号は6〜20桁の数字で入力してください。", "A phone number has 6 to 20 digits."),

    // Products
    ProductsListTitle => ("商品一覧", "All products"),
    ProductsListSubtitle => (
        "商品名・SKU・JANコードで検索できます。在庫と販売の単位はバリエーション（SKU）です。",
        "Search by name, SKU or barcode. Stock and sales are kept per variant (SKU)."
    ),
    ProductSearchLabel => ("商品を検索", "Search products"),
    ProductSearchPlaceholder => ("商品名・SKU・JANコード", "Name, SKU or barcode"),
    AllStatuses => ("すべての状態", "All statuses"),
    CreateProduct => ("商品を登録", "Add product"),
    EditProduct => ("商品を編集", "Edit product"),
    ProductsNoMatchTitle => ("該当する商品はありません", "No products match"),
    ProductsNoMatchBody => ("検索語や状態の絞り込みを変えてお試しください。", "Try other words or another status."),
    ProductCreatedFlash => ("商品を登録しました:", "Product added:"),
    ColumnProduct => ("商品", "Product"),
    ColumnTax => ("税率", "Tax"),
    ColumnVariants => ("SKU", "SKUs"),
    ColumnPrice => ("価格", "Price"),
    FieldProductName => ("商品名", "Product name"),
    PlaceholderProductName => ("例: オーガニックコットンTシャツ", "e.g. Organic cotton tee"),
    FieldTaxClass => ("税率", "Tax rate"),
    FieldDescription => ("説明", "Description"),
    FieldOptionNames => ("オプション名", "Options"),
    PlaceholderOptionNames => ("例: サイズ, カラー", "e.g. Size, Colour"),
    FieldOptionNamesHint => (
        "カンマ区切りで入力。バリエーションがない商品は空欄のままにします。",
        "Separate with commas. Leave blank for a product without variants."
    ),
    VariantsTitle => ("バリエーション（SKU）", "Variants (SKUs)"),
    FieldSku => ("SKU", "SKU"),
    FieldBarcode => ("JANコード", "Barcode (JAN)"),
    FieldPrice => ("販売価格", "Price"),
    FieldCost => ("原価", "Cost"),
    AddVariant => ("バリエーションを追加", "Add variant"),
    RemoveVariant => ("この行を削除", "Remove this row"),
    SaveVariant => ("バリエーションを保存", "Save variant"),
    FixVariantRows => ("バリエーションの入力内容を確認してください。", "Check the variant rows."),
    VariantSavedFlash => ("バリエーションを保存しました:", "Variant saved:"),
    VariantAddedFlash => ("バリエーションを追加しました:", "Variant added:"),
    VariantArchivedFlash => ("バリエーションをアーカイブしました:", "Variant archived:"),
    VariantRestoredFlash => ("バリエーションを元に戻しました:", "Variant restored:"),
    Saved => ("保存しました", "Saved"),
    SkuTaken => ("この SKU は既に使われています。", "This SKU is already in use."),
    BarcodeTaken => ("この JAN コードは別の商品に登録済みです。", "This barcode already belongs to another variant."),
    ReasonSkuEmpty => ("SKU を入力してください。", "Enter a SKU."),
    ReasonSkuTooLong => ("SKU は64文字以内にしてください。", "Use at most 64 characters."),
    ReasonSkuInvalid => ("SKU には半角英数字と - _ . / だけが使えます。", "Use only letters, digits and - _ . /"),
    ReasonSkuDuplicate => ("同じ SKU が2回入力されています。", "The same SKU appears twice."),
    ReasonBarcodeDigits => ("JAN コードは数字だけで入力してください。", "A barcode has digits only."),
    ReasonBarcodeLength => ("JAN コードは8・12・13桁です。", "A barcode has 8, 12 or 13 digits."),
    ReasonBarcodeCheckDigit => ("チェックデジットが合いません。入力ミスがないかご確認ください。", "The check digit doesn't match: check for a typo."),
    ReasonBarcodeDuplicate => ("同じ JAN コードが2回入力されています。", "The same barcode appears twice."),
    ReasonMoneyEmpty => ("金額を入力してください。", "Enter an amount."),
    ReasonMoneyFormat => ("1980 や 12.50 のような数字で入力してください（カンマなし）。", "Enter a number like 1980 or 12.50 (no commas)."),
    ReasonMoneyFraction => ("この通貨では小数点以下をこれ以上入力できません。", "Too many decimal places for this currency."),
    ReasonMoneyOverflow => ("金額が大きすぎます。", "This amount is too large."),
    ReasonMoneyNegative => ("0以上の金額を入力してください。", "Enter 0 or more."),
    ReasonOptionsCount => ("オプションごとに値を1つずつ入力してください。", "Give one value for each option."),
    ReasonOptionsDuplicate => ("オプション名が重複しています。", "Option names must differ."),
    ReasonOptionsDuplicateVariant => ("同じオプションの組み合わせのバリエーションがあります。", "Two variants have the same option values."),
    ReasonOptionsTooMany => ("オプションが多すぎます。", "Too many options."),
    ReasonVariantsCount => ("バリエーションを1つ以上入力してください。", "Add at least one variant."),

    // Stock operations: navigation and shared
    NavTransfers => ("移動", "Transfers"),
    NavCounts => ("棚卸", "Stock counts"),
    NavReplenishment => ("補充提案", "Replenishment"),
    NavImport => ("CSV 取込・出力", "CSV import & export"),
    OpReasonPositive => ("1以上の整数を入力してください。", "Enter a whole number of 1 or more."),
    OpReasonNonNegative => ("0以上の整数を入力してください。", "Enter a whole number of 0 or more."),

    // Transfers
    TrTitle => ("拠点間移動", "Transfers"),
    TrSubtitle => ("店舗・倉庫の間で在庫を移動します。出荷から入荷までは移動中在庫として表示されます。", "Move stock between stores and warehouses. Between shipping and receiving it shows as in transit."),
    TrListTitle => ("移動伝票", "Transfers"),
    TrListSubtitle => ("新しい順に表示しています。", "Newest first."),
    TrEmptyTitle => ("移動伝票はまだありません", "No transfers yet"),
    TrEmptyBody => ("「新規移動」から、移動元・移動先と商品を指定して作成します。", "Use “New transfer” to choose where from, where to and what to move."),
    TrNoMatchTitle => ("条件に合う移動伝票はありません", "No transfers match"),
    TrNoMatchBody => ("状態や拠点の絞り込みを変えてみてください。", "Try another status or location."),
    TrNotePlaceholder => ("例: 週末セールの応援分", "e.g. Extra stock for the weekend sale"),
    TrNew => ("新規移動", "New transfer"),
    TrNewTitle => ("新規移動", "New transfer"),
    TrNewSubtitle => ("移動元・移動先を選び、SKU か JAN コードをスキャン（入力）して商品を追加します。作成時点では在庫は動きません。", "Pick where from and where to, then scan or type SKUs or barcodes. Nothing moves until it ships."),
    TrDetailSubtitle => ("移動伝票の内容と、出荷・入荷・取消の操作です。", "A transfer, and shipping, receiving or cancelling it."),
    TrBack => ("← 移動伝票一覧", "← All transfers"),
    TrColumnNumber => ("伝票番号", "Number"),
    TrColumnRoute => ("移動元 → 移動先", "From → to"),
    TrColumnQuantity => ("数量", "Quantity"),
    TrColumnInTransit => ("移動中", "In transit"),
    TrColumnReceived => ("入荷済", "Received"),
    TrColumnMissing => ("不足", "Missing"),
    TrColumnDiscrepancy => ("差異理由", "Discrepancy"),
    TrColumnArrivedNow => ("今回入荷数", "Arrived now"),
    TrStatusDraft => ("下書き", "Draft"),
    TrStatusShipped => ("出荷済", "Shipped"),
    TrStatusPartial => ("一部入荷", "Partly received"),
    TrStatusReceived => ("入荷完了", "Received"),
    TrStatusCancelled => ("取消", "Cancelled"),
    TrRouteTitle => ("移動元・移動先", "From and to"),
    TrRouteSubtitle => ("在庫を出す拠点と受け取る拠点です。", "Where the goods leave and where they arrive."),
    TrFrom => ("移動元", "From"),
    TrTo => ("移動先", "To"),
    TrChooseLocation => ("拠点を選択…", "Choose a location…"),
    TrSameLocation => ("移動元と移動先には別の拠点を選んでください。", "Choose two different locations."),
    TrLinesTitle => ("商品", "Lines"),
    TrLinesSubtitle => ("バーコードリーダーでスキャンするか、SKU / JAN コードを入力して Enter。同じ商品は数量が加算されます。", "Scan with a barcode reader, or type a SKU or barcode and press Enter. The same item adds up."),
    TrLinesStateSubtitle => ("出荷数・入荷数・不足数です。", "Shipped, received and missing units."),
    TrDraftSubtitle => ("下書きのうちは商品と数量を変更できます。", "While it is a draft, lines and quantities may change."),
    TrCodeLabel => ("SKU または JAN コード", "SKU or barcode"),
    TrAddLine => ("追加", "Add"),
    TrRemoveLine => ("削除", "Remove"),
    TrNoLines => ("商品を1つ以上追加してください。", "Add at least one line."),
    TrCreate => ("移動伝票を作成", "Create transfer"),
    TrSavedFlash => ("移動伝票を保存しました:", "Transfer saved:"),
    TrShippedFlash => ("出荷しました:", "Shipped:"),
    TrCancelledFlash => ("移動を取り消しました:", "Transfer cancelled:"),
    TrShip => ("出荷する", "Ship"),
    TrShipTitle => ("この移動を出荷しますか？", "Ship this transfer?"),
    TrShipBody => ("移動元の在庫が減り、移動先では入荷予定として表示されます。出荷後は取り消せません。", "Stock leaves the source now and shows as incoming at the destination. A shipped transfer can't be cancelled."),
    TrCancel => ("取り消す", "Cancel transfer"),
    TrCancelTitle => ("この移動を取り消しますか？", "Cancel this transfer?"),
    TrCancelBody => ("下書きは取消になります。在庫は動きません。", "The draft is cancelled; no stock moves."),
    TrShippedAt => ("出荷", "Shipped"),
    TrReceivedAt => ("入荷", "Received"),
    TrCancelledAt => ("取消", "Cancelled"),
    TrReceiveTitle => ("入荷", "Receive"),
    TrReceiveSubtitle => ("届いた数量を入力します。未入荷分は移動中のまま残り、後から入荷できます。", "Enter what arrived. Anything not received stays in transit and can arrive later."),
    TrReceive => ("入荷を記録", "Record receipt"),
    TrReceivedFlash => ("入荷を記録しました:", "Receipt recorded:"),
    TrClose => ("この入荷で締める（残りは不足として記録）", "Close with this receipt (the rest is recorded missing)"),
    TrCloseHint => ("届かない商品がある場合に使います。不足分の理由が必要です。", "Use this when some goods will not arrive; give the reason for what is missing."),
    TrShortfall => ("不足数:", "Missing units:"),
    TrDiscrepancyReason => ("差異理由", "Discrepancy reason"),
    TrDiscrepancyPlaceholder => ("例: 輸送中の破損", "e.g. damaged in transit"),
    TrTooMany => ("移動中の数量より多くは入荷できません。", "You can't receive more than is in transit."),
    TrNothingReceived => ("入荷数を1つ以上入力するか、締めてください。", "Enter at least one arrived quantity, or close the transfer."),

    // Stock counts
    ScTitle => ("棚卸", "Stock counts"),
    ScSubtitle => ("拠点の実在庫を数えて帳簿と突き合わせます。確定すると差異が在庫調整として記録されます。", "Count what is on the shelves and compare it with the books. Finalizing posts the differences as adjustments."),
    ScCountSubtitle => ("バーコードリーダーでスキャンすると1点ずつ加算されます。", "Each scan with a barcode reader counts one more unit."),
    ScStartTitle => ("棚卸を開始", "Start a count"),
    ScStartSubtitle => ("拠点全体、または一部の商品だけを数えます。", "Count a whole location, or only some products."),
    ScProducts => ("対象商品（任意）", "Products (optional)"),
    ScProductsHint => ("選ばなければ拠点全体が対象です。Ctrl / ⌘ で複数選択できます。", "Leave empty for the whole location. Hold Ctrl / ⌘ to pick several."),
    ScStart => ("棚卸を開始", "Start count"),
    ScNotePlaceholder => ("例: 年末棚卸（売場のみ）", "e.g. Year-end count, shop floor only"),
    ScListTitle => ("棚卸一覧", "Counts"),
    ScListSubtitle => ("新しい順に表示しています。", "Newest first."),
    ScEmptyTitle => ("棚卸はまだありません", "No counts yet"),
    ScEmptyBody => ("上のフォームから拠点を選んで開始します。", "Pick a location above to start one."),
    ScColumnNumber => ("棚卸番号", "Number"),
    ScColumnCounted => ("実数", "Counted"),
    ScColumnExpected => ("帳簿", "Expected"),
    ScColumnDifference => ("差異", "Difference"),
    ScPartial => ("一部商品", "Partial"),
    ScStatusOpen => ("実施中", "Counting"),
    ScStatusFinalized => ("確定済", "Finalized"),
    ScStatusCancelled => ("中止", "Cancelled"),
    ScBack => ("← 棚卸一覧", "← All counts"),
    ScScanLabel => ("スキャン / SKU・JAN 入力", "Scan, or type a SKU or barcode"),
    ScScanPlaceholder => ("ここでスキャン（Enter で記録）", "Scan here (Enter records)"),
    ScQtyLabel => ("数量を指定（任意）", "Exact quantity (optional)"),
    ScRecord => ("記録", "Record"),
    ScScanHint => ("スキャンするたびに +1 されます。数量を入力してから記録すると、その数で上書きします。", "Every scan adds 1. Type a quantity first to set that exact number instead."),
    ScScanReady => ("スキャンできます", "Ready to scan"),
    ScRecording => ("記録中…", "Recording…"),
    ScUnknownCode => ("該当する商品がありません", "no product has this code"),
    ScLinesTitle => ("カウント済み", "Counted"),
    ScLinesSubtitle => ("新しく数えたものから表示。差異のある行は強調表示されます。", "Latest first; lines that differ from the books are highlighted."),
    ScNoLinesTitle => ("まだ何も数えていません", "Nothing counted yet"),
    ScNoLinesBody => ("商品のバーコードをスキャンすると、ここに表示されます。", "Scan a product's barcode and it appears here."),
    ScLinesCounted => ("カウント済み品目", "Lines counted"),
    ScLinesOff => ("差異のある品目", "Lines that differ"),
    ScUnitsCounted => ("実数合計", "Units counted"),
    ScUncountedTitle => ("未カウント", "Not counted"),
    ScUncountedSubtitle => ("対象なのにまだ数えていない商品です。", "Covered by this count but not counted yet."),
    ScFinalize => ("確定する", "Finalize"),
    ScFinalizeTitle => ("棚卸を確定しますか？", "Finalize this count?"),
    ScFinalizeBody => ("各品目の差異（実数 − 帳簿）が在庫調整として記録され、棚卸は締められます。元に戻せません。", "Each line's difference (counted − expected) is posted as an adjustment and the count closes. This can't be undone."),
    ScZeroUncounted => ("未カウントの商品を 0 にする", "Set uncounted items to zero"),
    ScZeroUncountedHint => ("チェックしない場合、未カウントの商品の在庫は変わりません。", "Unchecked, uncounted items keep their stock."),
    ScFinalizedFlash => ("棚卸を確定しました:", "Count finalized:"),
    ScCancel => ("棚卸を中止", "Cancel count"),
    ScCancelTitle => ("この棚卸を中止しますか？", "Cancel this count?"),
    ScCancelBody => ("カウントした内容は破棄され、在庫は変わりません。", "What was counted is discarded and no stock changes."),
    ScCancelledFlash => ("棚卸を中止しました", "Count cancelled"),

    // Replenishment
    RpTitle => ("補充提案", "Replenishment"),
    RpSubtitle => ("発注点を下回った在庫について、他拠点からの移動か仕入れを提案します。", "For stock at or below its reorder point: transfer from another location, or buy."),
    RpListTitle => ("提案", "Suggestions"),
    RpListSubtitle => ("数量は発注点・発注数と直近28日の販売ペースから計算しています。", "Quantities come from the reorder point and quantity and the last 28 days' sales."),
    RpEmptyTitle => ("補充が必要な在庫はありません", "Nothing needs replenishing"),
    RpEmptyBody => ("発注点を下回ると、ここに提案が表示されます。", "Rows that fall to their reorder point show up here."),
    RpColumnSold => ("28日販売", "Sold (28d)"),
    RpColumnAction => ("提案", "Action"),
    RpColumnQuantity => ("数量", "Quantity"),
    RpColumnSource => ("移動元", "From"),
    RpActionTransfer => ("移動", "Transfer"),
    RpActionBuy => ("仕入れ", "Buy"),
    RpCreateTransfer => ("移動伝票を作成", "Create transfer"),

    // Products CSV import and exports
    ImpTitle => ("CSV 取込・出力", "CSV import & export"),
    ImpSubtitle => ("商品を CSV で一括登録・更新します。まず内容をチェックし、問題がなければ取り込みます。", "Create and update products from a CSV. It is checked first; import it once it is clean."),
    ImpUploadTitle => ("商品 CSV の取込", "Import products"),
    ImpUploadSubtitle => ("1行でもエラーがあれば何も登録されません。", "Nothing is written unless every row is valid."),
    ImpFile => ("CSV ファイル", "CSV file"),
    ImpEncoding => ("文字コード", "Encoding"),
    ImpEncodingAuto => ("自動判定", "Detect automatically"),
    ImpEncodingUtf8 => ("UTF-8", "UTF-8"),
    ImpEncodingSjis => ("Shift_JIS（Excel）", "Shift_JIS (Excel)"),
    ImpColumnsHint => ("列: product_name, sku, barcode, price, cost, … (商品 CSV 出力と同じ形式)", "Columns as in the products export: product_name, sku, barcode, price, cost, …"),
    ImpCheck => ("チェック", "Check"),
    ImpApply => ("取り込む", "Import"),
    ImpReading => ("ファイルを読み込んでいます…", "Reading the file…"),
    ImpChecking => ("内容をチェックしています…", "Checking the file…"),
    ImpImporting => ("取り込んでいます…", "Importing…"),
    ImpReadFailed => ("ファイルを読み込めませんでした。", "The file couldn't be read."),
    ImpErrorsTitle => ("エラーのある行:", "Rows with errors:"),
    ImpErrorsBody => ("修正してからもう一度選んでください。何も登録されていません。", "Fix them and choose the file again. Nothing was written."),
    ImpMoreErrors => ("件のエラーは省略しています", "more errors not shown"),
    ImpColumnLine => ("行", "Line"),
    ImpColumnColumn => ("列", "Column"),
    ImpColumnMessage => ("内容", "Problem"),
    ImpRows => ("行数", "Rows"),
    ImpProductsCreated => ("新規商品", "New products"),
    ImpVariantsCreated => ("新規バリエーション", "New variants"),
    ImpVariantsUpdated => ("更新バリエーション", "Updated variants"),
    ImpReadyTitle => ("チェック完了: 取り込めます", "Checked: ready to import"),
    ImpReadyBody => ("すべての行に問題はありません。まだ登録されていないので、「取り込む」で反映します。", "Every row is valid. Nothing is written yet: press Import to apply."),
    ImpAppliedTitle => ("取り込みました", "Imported"),
    ImpAppliedBody => ("商品を登録・更新しました。", "Products were created and updated."),
    ImpExportTitle => ("CSV 出力", "Export"),
    ImpExportSubtitle => ("商品一覧（取込と同じ形式）と在庫の入出庫履歴をダウンロードします。", "Download the products (in the import's columns) or the stock ledger."),
    ImpExportProducts => ("商品 CSV", "Products CSV"),
    ImpExportMovements => ("入出庫履歴 CSV", "Stock movements CSV"),
    ImpDownloadFailed => ("ダウンロードできませんでした。", "The download failed."),

    // POS sales CSV import
    SImpTitle => ("POS 売上の CSV 取込", "Import POS sales from CSV"),
    SImpSubtitle => ("連携していないレジの売上を CSV で取り込みます。同じレシート番号の行が1件の売上になり、同じファイルをもう一度取り込んでも二重には記録されません。", "Bring in the sales of a register Kura has no integration with. Rows with the same receipt number make one sale; importing the same file again records nothing twice."),
    SImpUploadTitle => ("チャネルとファイル", "Channel and file"),
    SImpUploadSubtitle => ("UTF-8 または Shift_JIS、5 MB・20,000 行まで。選ぶとすぐにチェックします。", "UTF-8 or Shift_JIS, up to 5 MB and 20,000 rows. It is checked as soon as you choose it."),
    SImpChannel => ("販売チャネル", "Sales channel"),
    SImpNoChannels => ("販売チャネルがありません。先にチャネル（提供元: CSV）を作成してください。", "No sales channels yet: create one (provider CSV) first."),
    SImpColumnsHint => ("認識する見出し: 取引番号／レシート番号、取引日時、店舗コード、商品コード／JAN、数量、単価、値引、税率、支払方法（英語の見出しも可）。返品（マイナス数量）は取り込めません。", "Headers understood: receipt number, date/time, store code, product code/JAN, quantity, unit price, discount, tax rate, payment method (Japanese headers too). Returns (negative quantities) are not imported."),
    SImpMappingTitle => ("列の対応", "Columns"),
    SImpMappingSubtitle => ("ファイルの見出しから判定しました（前回このチャネルで使った対応を優先）。違っていれば選び直すと再チェックします。取り込むとチャネルに保存されます。", "Detected from the file's headers (this channel's last mapping first). Change any that are wrong and the file is checked again; importing saves it for the channel."),
    SImpNotMapped => ("（なし）", "(none)"),
    SImpRequired => ("必須", "required"),
    SImpFieldReceipt => ("レシート番号", "Receipt number"),
    SImpFieldOccurredAt => ("取引日時", "Date and time"),
    SImpFieldLocation => ("店舗コード", "Store code"),
    SImpFieldSku => ("商品コード", "Product code (SKU)"),
    SImpFieldBarcode => ("JAN コード", "Barcode (JAN)"),
    SImpFieldQuantity => ("数量", "Quantity"),
    SImpFieldUnitPrice => ("単価", "Unit price"),
    SImpFieldDiscount => ("値引", "Discount"),
    SImpFieldTaxRate => ("税率", "Tax rate"),
    SImpFieldPayment => ("支払方法", "Payment method"),
    SImpReceipts => ("レシート", "Receipts"),
    SImpToImport => ("取込予定", "To import"),
    SImpImported => ("取り込み", "Imported"),
    SImpAlready => ("取込済み", "Already imported"),
    SImpSkipped => ("スキップ", "Skipped"),
    SImpReadyTitle => ("チェック完了: 取り込めます", "Checked: ready to import"),
    SImpReadyBody => ("まだ何も記録されていません。「取り込む」で売上を記録し、在庫を減らします。", "Nothing is written yet: Import records the sales and takes the stock."),
    SImpErrorsTitle => ("エラーのある行があります", "Some rows have errors"),
    SImpErrorsBody => ("エラーのある行を含むレシートはスキップされ、他のレシートは取り込まれます。直してから再度取り込めば、残りだけが記録されます。", "Receipts with a bad row are skipped; the others import. Fix the file and import it again: only the rest is recorded."),
    SImpDoneTitle => ("取り込みました", "Imported"),
    SImpDoneBody => ("売上を記録し、在庫を減らしました。エラーのあったレシートは記録されていません。", "The sales were recorded and the stock taken. Receipts with errors were not recorded."),
    SImpColumnRow => ("行", "Row"),

    // Team: members limited to locations
    TeamColumnLocations => ("担当拠点", "Locations"),
    TeamEditLocations => ("拠点", "Locations"),
    TeamLocationsTitle => ("担当拠点の変更", "Change locations"),
    TeamInviteLocations => ("担当拠点（任意）", "Locations (optional)"),
    TeamLocationsHint => ("何も選ばなければ全拠点で作業できます。選ぶと、その拠点の在庫だけを扱えます。", "Leave all unticked to allow every location; tick some to limit them to those."),
    TeamLocationsSavedFor => ("担当拠点を変更しました:", "Locations changed for"),

    // Not found
    NotFoundTitle => ("ページが見つかりません", "Page not found"),
    NotFoundBody => (
        "お探しのページは存在しないか、移動した可能性があります。",
        "The page you opened doesn't exist or has moved."
    ),

    // Selling: register, sales, receipts, returns, voids
    NavRegister => ("レジ", "Register"),
    NavCustomers => ("顧客", "Customers"),
    SlRegisterTitle => ("レジ", "Register"),
    SlRegisterSubtitle => (
        "バーコードをスキャンして会計します。POS をお持ちでない店舗向けのウェブレジです。",
        "Scan barcodes and take payment: the web register for shops without a POS."
    ),
    SlBackToSales => ("← 売上一覧", "← Sales"),
    SlScanLabel => ("バーコード・SKU", "Barcode or SKU"),
    SlUnknownCode => ("該当する商品がありません", "no product has this barcode or SKU"),
    SlCartEmpty => ("商品がまだありません。", "The cart is empty."),
    SlCartEmptyHint => (
        "バーコードをスキャンするか、SKU を入力して Enter を押してください。",
        "Scan a barcode, or type a SKU and press Enter."
    ),
    SlChooseLocation => ("店舗を選んでください。", "Choose the store."),
    SlFixLines => ("値引きが正しくない行があります。", "A line has an invalid discount."),
    SlUnitPrice => ("単価", "Unit price"),
    SlDiscount => ("値引き", "Discount"),
    SlAmount => ("金額", "Amount"),
    SlLess => ("1つ減らす", "One less"),
    SlMore => ("1つ増やす", "One more"),
    SlItems => ("点数", "Items"),
    SlPricesIncluded => ("税込価格", "Prices include tax"),
    SlPricesExcluded => ("税抜価格", "Prices exclude tax"),
    SlSubtotal => ("小計（税抜）", "Subtotal (excl. tax)"),
    SlTax => ("消費税", "Consumption tax"),
    SlTaxTarget => ("対象", "taxable"),
    SlTaxIncludedOf => ("内消費税", "tax included"),
    SlTaxOf => ("消費税", "tax"),
    SlTotal => ("合計", "Total"),
    SlPayment => ("お支払い", "Payment"),
    SlPaymentsSubtitle => ("支払方法と金額", "How it was paid"),
    SlPayCash => ("現金", "Cash"),
    SlPayCard => ("クレジット", "Card"),
    SlPayQr => ("QR決済", "QR"),
    SlPayPoints => ("ポイント", "Points"),
    SlPayOther => ("その他", "Other"),
    SlTendered => ("お預り", "Cash tendered"),
    SlChange => ("お釣り", "Change"),
    SlExact => ("ちょうど", "Exact"),
    SlTenderedInvalid => ("金額を数字で入力してください", "Enter the amount in figures"),
    SlTenderedShort => ("お預り金額が不足しています", "Not enough cash tendered"),
    SlReference => ("承認番号（任意）", "Approval code (optional)"),
    SlPointsBalance => ("ポイント残高", "Points balance"),
    SlPointsNeedCustomer => ("ポイント払いには顧客の指定が必要です。", "Paying with points needs a customer."),
    SlPointsShort => ("ポイント残高が不足しています。", "Not enough points."),
    SlPointsEarned => ("獲得ポイント", "Points earned"),
    SlPointsUsed => ("利用ポイント", "Points used"),
    SlCustomerOptional => ("顧客（任意）", "Customer (optional)"),
    SlDetach => ("外す", "Remove"),
    SlCharge => ("会計", "Charge"),
    SlOversold => (
        "在庫がマイナスになりました。棚卸または入荷の記録を確認してください:",
        "Stock went below zero; check counts or receipts for:"
    ),
    SlReplayed => (
        "この会計はすでに記録済みでした（再送信）。二重には記録されていません。",
        "This sale had already been recorded (resent); it was not recorded twice."
    ),
    SlReceiptTitle => ("領収書", "Receipt"),
    SlReceiptReturn => ("返品伝票", "Return receipt"),
    SlReducedNote => ("※は軽減税率（8%）対象商品です。", "※ marks goods at the reduced 8% rate."),
    SlPrint => ("印刷", "Print"),
    SlNewSale => ("次の会計", "New sale"),
    SlOpenRegister => ("レジを開く", "Open register"),
    SlListTitle => ("売上一覧", "All sales"),
    SlListSubtitle => ("新しい順。新しい売上は自動で表示されます。", "Newest first; new sales appear as they happen."),
    SlEmptyBody => (
        "レジで会計するか、販売チャネルを連携すると、ここに売上が表示されます。",
        "Ring up a sale at the register or connect a channel, and sales show up here."
    ),
    SlNoMatchTitle => ("条件に合う売上がありません", "No sales match"),
    SlNoMatchBody => ("絞り込み条件を変えてお試しください。", "Try other filters."),
    SlAllChannels => ("すべてのチャネル", "All channels"),
    SlNoChannel => ("直接販売", "Direct"),
    SlFrom => ("開始日", "From"),
    SlTo => ("終了日", "To"),
    SlColumnNumber => ("伝票番号", "Number"),
    SlColumnChannel => ("チャネル", "Channel"),
    SlColumnCustomer => ("顧客", "Customer"),
    SlColumnLine => ("行", "Line"),
    SlColumnReturned => ("返品済", "Returned"),
    SlKindSale => ("売上", "Sale"),
    SlKindReturn => ("返品", "Return"),
    SlStatusCompleted => ("完了", "Completed"),
    SlStatusVoided => ("取消", "Voided"),
    SlDetailTitle => ("売上伝票", "Sale"),
    SlDetailSubtitle => ("明細・税率ごとの消費税・支払い", "Lines, tax per rate and payments"),
    SlLinesTitle => ("明細", "Lines"),
    SlLinesSubtitle => ("販売時点の商品名と価格", "Names and prices as sold"),
    SlOriginalSale => ("元の売上", "Original sale"),
    SlExternalId => ("外部ID", "External ID"),
    SlReturn => ("返品", "Return"),
    SlReturnTitle => ("返品を記録", "Record a return"),
    SlReturnBody => ("返品する数量を行ごとに入力してください。", "Enter how many units of each line come back."),
    SlReturnable => ("返品可能", "returnable"),
    SlReturnTooMany => ("返品数量が正しくありません。", "A return quantity is not valid."),
    SlReturnNothing => ("返品する数量を1つ以上入力してください。", "Enter at least one unit to return."),
    SlRestock => ("在庫に戻す", "Put back in stock"),
    SlRestockHint => ("破損品などは外してください。", "Untick for damaged goods."),
    SlVoid => ("取消", "Void"),
    SlVoidTitle => ("売上を取り消す", "Void this sale"),
    SlVoidBody => (
        "取り消すと在庫が戻り、集計から外れます。この操作は元に戻せません。",
        "Voiding puts the stock back and drops the sale from the figures. This cannot be undone."
    ),
    SlVoidReason => ("取消理由", "Reason"),
    SlVoidReasonRequired => ("取消理由を入力してください。", "Enter a reason."),
    SlVoidForbidden => (
        "売上の取消・返品はマネージャー以上の権限が必要です。",
        "Only managers and above can void sales or take returns."
    ),
    SlVoidedFlash => ("売上を取り消しました。", "The sale was voided."),

    // Customers
    CuTitle => ("顧客", "Customers"),
    CuSubtitle => ("全チャネル共通の顧客とポイント", "Customers and points across every channel"),
    CuListTitle => ("顧客一覧", "All customers"),
    CuListSubtitle => ("名前・フリガナ・取引先コード・メール・電話番号で検索できます。", "Search by name, reading, customer code, email or phone."),
    CuSearch => ("検索", "Search"),
    CuSearchPlaceholder => ("名前・フリガナ・コード・メール・電話番号", "Name, reading, code, email or phone"),
    CuCreate => ("顧客を追加", "Add customer"),
    CuEmptyTitle => ("顧客がまだいません", "No customers yet"),
    CuEmptyBody => (
        "顧客を追加するか、チャネルから顧客付きの売上が届くとここに表示されます。",
        "Add one, or they appear here when a channel sends a sale with a customer."
    ),
    CuNoMatchTitle => ("該当する顧客がいません", "No customers match"),
    CuNoMatchBody => ("別のキーワードでお試しください。", "Try another search."),
    CuPhone => ("電話番号", "Phone"),
    CuPoints => ("ポイント", "Points"),
    CuPointsUnit => ("ポイント", "points"),
    CuConsumer => ("個人", "Consumer"),
    CuBusiness => ("法人", "Business"),
    CuDetailTitle => ("顧客", "Customer"),
    CuBack => ("← 顧客一覧", "← Customers"),
    CuHistoryTitle => ("購入履歴", "Purchase history"),
    CuHistorySubtitle => ("すべてのチャネルの売上と返品", "Sales and returns from every channel"),
    CuNoSalesTitle => ("購入履歴はまだありません", "No purchases yet"),
    CuNoSalesBody => ("この顧客の売上が記録されるとここに表示されます。", "Sales to this customer will be listed here."),
    CuEdit => ("顧客を編集", "Edit customer"),
    CuKana => ("フリガナ", "Reading (kana)"),
    CuKanaHint => ("ひらがな・カタカナ・半角カナで入力。カタカナで保存されます。", "Hiragana, katakana or half-width kana; kept in katakana."),
    CuCode => ("取引先コード", "Customer code"),
    CuCodeHint => ("半角英数字・-・_ で32文字まで。", "Up to 32 letters, digits, - or _."),
    CuCreditLimit => ("与信限度額", "Credit limit"),
    CuPriceRate => ("掛率 (%)", "Price rate (%)"),
    CuPriceRateHint => ("上代に対する割合。例: 60 または 62.5。1円未満は切り捨て。", "Share of the retail price, e.g. 60 or 62.5; fractions of a yen are dropped."),
    CuBillingTerms => ("締日・支払条件", "Billing terms"),
    CuClosingDay => ("締日", "Closing day"),
    CuPaymentMonth => ("支払月", "Payment month"),
    CuPaymentDay => ("支払日", "Payment day"),
    CuNoTerms => ("設定しない", "None"),
    CuClosingMonthEnd => ("末締め", "Closes at month end"),
    CuPerShipment => ("都度請求", "Invoice per shipment"),
    CuPayThisMonth => ("当月", "the same month"),
    CuPayNextMonth => ("翌月", "next month"),
    CuPayMonthAfterNext => ("翌々月", "the month after next"),
    CuPayThreeMonths => ("3ヶ月後", "3 months later"),
    CuMonthEnd => ("末", "month end"),
    CuAddressesTitle => ("請求先・納品先", "Addresses"),
    CuAddressesSubtitle => ("受注では納品先の住所を写して使います。", "Orders copy the ship-to address they use."),
    CuNoAddressesTitle => ("住所がまだありません", "No addresses yet"),
    CuNoAddressesBody => ("請求先と納品先を登録すると、受注で選べます。", "Add a bill-to and ship-to addresses to choose them on orders."),
    CuAddAddress => ("住所を追加", "Add address"),
    CuEditAddress => ("住所を編集", "Edit address"),
    CuAddressBilling => ("請求先", "Bill-to"),
    CuAddressShipping => ("納品先", "Ship-to"),
    CuDefault => ("既定", "Default"),
    CuAddressLabel => ("名称", "Label"),
    CuAddressLabelPlaceholder => ("例: 本社、大阪倉庫", "e.g. Head office, Osaka warehouse"),
    CuRecipient => ("宛名", "Recipient"),
    CuPostalCode => ("郵便番号", "Postal code"),
    CuPostalCodePlaceholder => ("150-0001", "150-0001"),
    CuPrefecture => ("都道府県", "Prefecture"),
    CuChoosePrefecture => ("選択してください", "Choose…"),
    CuCity => ("市区町村", "City"),
    CuLine1 => ("町名・番地", "Street address"),
    CuLine2 => ("建物名・部屋番号", "Building, room"),
    CuContact => ("担当者", "Contact person"),
    CuMakeDefault => ("既定の住所にする", "Make this the default"),
    CuMakeDefaultHint => ("同じ種類の既定の住所はこの1件になります。", "It replaces the current default of its kind."),
    CuRemoveAddressTitle => ("住所を削除しますか？", "Remove this address?"),
    CuRemoveAddressBody => ("削除した住所は元に戻せません。作成済みの受注の住所は変わりません。", "This cannot be undone. Orders already made keep their copy."),
    // Channel stock sync
    SyncTitle => ("在庫連携", "Stock sync"),
    SyncSubtitle => (
        "在庫が動くたびに、販売可能数をこのチャネルへ送ります。",
        "Each stock change sends the sellable quantity to this channel."
    ),
    SyncPanelTitle => ("在庫の送信", "Stock pushes"),
    SyncPanelSubtitle => (
        "失敗した送信と理由。再送するか、全商品の在庫を送り直せます。",
        "Pushes that failed and why. Retry them, or push every mapped item again."
    ),
    SyncBufferNote => ("安全在庫:", "Safety buffer:"),
    SyncLastPush => ("最後の送信成功", "Last successful push"),
    SyncNeverPushed => ("まだありません", "Never"),
    SyncStatusPending => ("送信待ち", "Waiting"),
    SyncStatusRunning => ("送信中", "Sending"),
    SyncStatusDone => ("送信済み", "Sent"),
    SyncStatusFailed => ("再試行予定", "Will retry"),
    SyncStatusDead => ("停止", "Stopped"),
    SyncColumnAttempts => ("試行", "Tries"),
    SyncColumnError => ("理由", "Reason"),
    SyncColumnNextTry => ("次の再試行", "Next try"),
    SyncRetryAll => ("失敗分を再送", "Retry failed"),
    SyncPushAll => ("全在庫を送信", "Push all stock"),
    SyncRetried => ("再送を予約しました:", "Pushes queued again:"),
    SyncPushedAll => ("全在庫の送信を予約しました:", "Items queued for a full push:"),
    SyncAllClearTitle => ("問題のある送信はありません", "Every push went through"),
    SyncAllClearBody => (
        "失敗した送信があると、ここに理由とともに表示されます。",
        "When a push fails, it shows up here with the provider's reason."
    ),

    // Orders (受注)
    NavOrders => ("受注", "Orders"),
    NavBoard => ("出荷ボード", "Fulfilment board"),
    NavPickups => ("店舗受取", "Store pickup"),
    OrRelocate => ("出荷元を変更", "Ship from elsewhere"),
    OrRelocateBody => (
        "今の拠点で引き当てている在庫を解放し (待っている受注に回ります)、新しい拠点の在庫を引き当てます。足りない分はそこで引当待ちになります。",
        "What this order holds here is released (to the orders waiting for it) and the new location's stock is allocated; what it lacks waits there."
    ),
    OrRelocatedFlash => ("出荷元を変更しました:", "Now shipping from elsewhere:"),
    QtEmail => ("メールで送信", "Email"),
    QtEmailTitle => ("見積書をメールで送る", "Email this quote"),
    QtEmailBody => (
        "見積書を PDF で添付して送り、送付済みにします。本文を空にすると定型の挨拶文を送ります。",
        "The quote goes out as a PDF attachment and is marked sent. Leave the letter empty to send the standard greeting."
    ),
    QtEmailTo => ("宛先", "To"),
    QtEmailToRequired => ("宛先のメールアドレスを入力してください。", "Enter the address to send it to."),
    QtEmailMessage => ("本文", "Letter"),
    QtEmailMessagePlaceholder => ("空欄なら定型文: いつもお世話になっております。御見積書をお送りいたします…", "Empty: the standard greeting, in Japanese with an English line."),
    QtEmailSend => ("送信", "Send"),
    QtEmailedFlash => ("見積書をメールで送りました:", "Quote emailed:"),
    OrRelease => ("引当解除", "Release stock"),
    OrReleaseTitle => ("引当を解除", "Release allocated stock"),
    OrReleaseBody => (
        "解除した在庫は、この拠点で引当待ちの他の受注に古い順に回り、残りは販売可能在庫に戻ります。この受注の明細は引当待ちに戻り、次に入荷した在庫から引き当てられます。",
        "Released units go to the other orders waiting at this location, oldest first, and the rest back to available stock. This order's lines wait again and take the stock that arrives next."
    ),
    OrReleaseQuantity => ("解除数", "Units to release"),
    OrReleaseNothing => ("解除する数量を 1 つ以上入力してください。", "Enter at least one unit to release."),
    OrReleaseTooMany => ("解除数は 0 から引当済みの数までで入力してください。", "Release from 0 up to what the line has allocated."),
    OrReleasedFlash => ("引当を解除しました:", "Stock released from"),
    OrReturn => ("返品", "Return"),
    OrReturnTitle => ("返品を受け付ける", "Take goods back"),
    OrReturnBody => (
        "販売できる商品は戻し先の在庫に戻り、そこで引当待ちの受注に回ります。破損品は記録だけ残り、在庫には戻りません。返品は確定後に変更できません。",
        "What can be sold again goes back into stock at the receiving location (and on to orders waiting there); damaged units are recorded but stay out of stock. A return is final."
    ),
    OrReturnQuantity => ("返品数", "Coming back"),
    OrReturnDamaged => ("うち破損", "Of which damaged"),
    OrReturnLocation => ("戻し先", "Returned to"),
    OrReturnSameLocation => ("出荷した拠点", "The location it left"),
    OrReturnReason => ("返品理由", "Reason"),
    OrReturnReasonPlaceholder => ("例: サイズ違い、破損", "e.g. wrong size, damaged"),
    OrReturnNothing => ("返品する数量を 1 つ以上入力してください。", "Enter at least one unit coming back."),
    OrReturnTooMany => ("返品数は 0 から未返品の出荷数までで入力してください。", "Take back from 0 up to what left and has not come back."),
    OrReturnTooManyDamaged => ("破損数は返品数までで入力してください。", "The damaged units cannot exceed the units coming back."),
    OrReturnedFlash => ("返品を受け付けました:", "Return recorded:"),
    OrReturnsTitle => ("返品", "Returns"),
    OrReturnsSubtitle => ("出荷から戻った商品です。請求では赤伝 (返品) の元になります。", "Goods that came back on a shipment; invoicing credits them."),
    OrColumnReturn => ("返品番号", "Return"),
    OrColumnReceivedAt => ("受付日時", "Received"),
    OrRestocked => ("再入庫", "Restocked"),
    OrSplit => ("分納", "Split"),
    OrSplitTitle => ("一部を別の拠点から出荷 (分納)", "Ship part of the order from another location"),
    OrSplitBody => (
        "選んだ数量を、同じお客様・同じ単価の新しい受注に移し、選んだ拠点から出荷します。この受注の引当待ちの分から先に移り、引当済みの分はこの拠点の在庫に戻ります。新しい受注は元の受注日の順番で引き当てられます。",
        "The units you choose move to a new order for the same customer at the same prices, shipped from the location you pick. Units this order waits for move first; any it holds go back to stock here. The new order keeps this order's place in the queue."
    ),
    OrSplitLocation => ("出荷する拠点", "Ship from"),
    OrSplitQuantity => ("移す数", "Units to move"),
    OrStillToShip => ("未出荷", "Still to ship"),
    OrSplitNothing => ("移す数量を 1 つ以上入力してください。", "Enter at least one unit to move."),
    OrSplitTooMany => ("移す数は 0 から未出荷の数までで入力してください。", "Move from 0 up to what the line still has to ship."),
    OrSplitFlash => ("分納の受注を作成しました:", "Split off as order"),
    OrSplitFrom => ("分納元", "Split from"),
    OrSplitsTitle => ("分納", "Split-off orders"),
    OrSplitsSubtitle => ("この受注から分けて、別の拠点から出荷する受注です。", "Orders split off this one to ship from another location."),
    NavWarehouse => ("外部倉庫連携", "3PL warehouse"),
    WhTitle => ("外部倉庫連携 (3PL)", "Outsourced warehouse (3PL)"),
    WhSubtitle => (
        "外部倉庫に出荷指示 CSV を渡し、出荷実績 CSV を取り込むと出荷として計上されます。",
        "Hand your warehouse a shipping-instructions CSV, then import its shipped-results CSV to book the shipments."
    ),
    WhInstructionsTitle => ("出荷指示", "Shipping instructions"),
    WhInstructionsSubtitle => (
        "引当済みで未出荷の明細を、受注の古い順に 1 行ずつ出力します。",
        "Every allocated, unshipped order line, oldest order first, one row each."
    ),
    WhLocation => ("出荷拠点", "Warehouse"),
    WhInstructionsHint => (
        "列: 受注番号・行番号・SKU・JAN・商品名・数量・受注日・希望納期・お届け先 (宛名・郵便番号・都道府県・市区町村・番地・建物名・電話)・取引先コード・備考。UTF-8 (BOM 付き)。",
        "Columns: order number, line number, SKU, barcode, product name, quantity, order date, requested date, ship-to (name, postal code, prefecture, city, street, building, phone), customer code, note. UTF-8 with BOM."
    ),
    WhDownload => ("出荷指示 CSV をダウンロード", "Download shipping instructions"),
    WhResultsTitle => ("出荷実績の取り込み", "Import shipped results"),
    WhResultsSubtitle => (
        "外部倉庫から届いた出荷実績 CSV を選ぶと、まずチェックします。",
        "Choose the warehouse's shipped-results CSV; it is checked first."
    ),
    WhResultsHint => (
        "必要な列: 受注番号 (order_number)・行番号 (line_number)・出荷数 (quantity)。任意: 配送業者 (carrier)・伝票番号 (tracking_number)。同じ受注・同じ伝票番号の行が 1 個口の出荷になります。同じファイルを再度取り込んでも二重計上されません。",
        "Needed: order_number (受注番号), line_number (行番号), quantity (出荷数). Optional: carrier (配送業者), tracking_number (伝票番号). Rows of one order with one tracking number are one parcel. Importing the same file again books nothing twice."
    ),
    WhErrorsBody => (
        "エラーのある行があるため、何も計上していません。修正して選び直してください。",
        "Nothing was booked because some rows have errors. Fix them and choose the file again."
    ),
    WhReadyTitle => ("チェック完了: 計上できます", "Checked: ready to book"),
    WhReadyBody => (
        "「取り込む」で出荷として計上し、在庫から引き落とします。",
        "Import books these parcels as shipments and takes the units out of stock."
    ),
    WhNothingTitle => ("新しい出荷はありません", "No new shipments"),
    WhNothingBody => (
        "このファイルの出荷はすべて計上済みです。",
        "Every parcel in this file has been booked already."
    ),
    WhBookedTitle => ("出荷を計上しました", "Shipments booked"),
    WhBookedBody => (
        "受注は出荷済みになり、在庫から引き落としました。",
        "The orders are shipped and the units have left stock."
    ),
    WhShipments => ("出荷 (個口)", "Parcels"),
    WhUnits => ("出荷数", "Units"),
    WhAlready => ("計上済み", "Already booked"),
    NavQuotes => ("見積", "Quotes"),
    OrFromQuote => ("見積", "From quote"),
    QtTitle => ("見積", "Quotes"),
    QtSubtitle => ("取引先への見積を作成・送付し、承諾されたら1クリックで受注にします。", "Quote customers, send the PDF, and turn an accepted quote into an order in one step."),
    QtListTitle => ("見積一覧", "All quotes"),
    QtListSubtitle => ("新しい順。有効期限を過ぎた見積は「期限切れ」になります。", "Newest first. A quote past its valid-until date shows as expired."),
    QtNew => ("見積を作成", "New quote"),
    QtNewTitle => ("見積の作成", "New quote"),
    QtNewSubtitle => ("取引先を選び、商品をスキャンして明細を作ります。掛率は自動で適用されます。", "Choose the customer and scan the lines; their price rate (掛率) applies."),
    QtDetailSubtitle => ("見積の内容、送付、PDF、受注への変換。", "The quote, sending it, its PDF and turning it into an order."),
    QtBack => ("見積一覧へ", "Back to quotes"),
    QtStatusDraft => ("下書き", "Draft"),
    QtStatusSent => ("送付済み", "Sent"),
    QtStatusAccepted => ("受注済み", "Accepted"),
    QtStatusExpired => ("期限切れ", "Expired"),
    QtStatusCancelled => ("取消", "Cancelled"),
    QtColumnNumber => ("見積番号", "Quote"),
    QtColumnCreated => ("見積日", "Quoted"),
    QtExpiresOn => ("有効期限", "Valid until"),
    QtValidityTitle => ("有効期限", "Validity"),
    QtExpiresHint => ("空欄なら本日から30日後まで有効です。", "Left empty, the quote is valid for 30 days."),
    QtCustomerSubtitle => ("見積先の取引先。掛率がある場合は明細の単価に適用されます。", "Who the quote is for; their price rate (掛率) prices the lines."),
    QtNotePlaceholder => ("例: 送料別途、納期はご相談", "e.g. shipping extra, delivery date to be agreed"),
    QtSave => ("見積を保存", "Save quote"),
    QtSaveChanges => ("変更を保存", "Save changes"),
    QtSend => ("送付済みにする", "Mark as sent"),
    QtDownload => ("PDFをダウンロード", "Download PDF"),
    QtConvert => ("受注に変換", "Convert to order"),
    QtCancel => ("見積を取り消す", "Cancel quote"),
    QtSentFlash => ("送付済みにしました", "Marked as sent"),
    QtSavedFlash => ("見積を保存しました", "Quote saved"),
    QtCancelledFlash => ("見積を取り消しました", "Quote cancelled"),
    QtSentAt => ("送付日時", "Sent"),
    QtOrder => ("受注", "Order"),
    QtLinesTitle => ("明細", "Lines"),
    QtLinesSubtitle => ("見積時の品番・品名・単価。", "SKU, name and price as quoted."),
    QtExpiredNotice => ("有効期限を過ぎています。送付・受注変換するには有効期限を延長してください。", "This quote has expired. Push its valid-until date out to send it or convert it."),
    QtEmptyTitle => ("見積はまだありません", "No quotes yet"),
    QtEmptyBody => ("取引先への見積を作成すると、ここに表示されます。", "Quotes you make for customers appear here."),
    QtNoMatchTitle => ("該当する見積はありません", "No quotes match"),
    QtNoMatchBody => ("別のステータスを選んでください。", "Choose another status."),
    OrStatusDraft => ("下書き", "Draft"),
    OrStatusOnHold => ("承認待ち", "On hold"),
    OrStatusConfirmed => ("引当済", "Allocated"),
    OrStatusBackordered => ("引当待ち", "Backordered"),
    OrStatusPartiallyShipped => ("一部出荷", "Partly shipped"),
    OrStatusReadyForPickup => ("受取準備完了", "Ready for pickup"),
    OrStatusShipped => ("出荷済", "Shipped"),
    OrStatusCompleted => ("受渡済", "Handed over"),
    OrStatusCancelled => ("取消", "Cancelled"),
    OrStageAll => ("すべて", "All"),
    OrStageToConfirm => ("確定待ち", "To confirm"),
    OrStageBackordered => ("引当待ち", "Backordered"),
    OrStageToShip => ("出荷待ち", "To ship"),
    OrStageShipped => ("出荷済", "Shipped"),
    OrStageCancelled => ("取消", "Cancelled"),
    OrStageShippedToday => ("本日出荷", "Shipped today"),
    CarrierYamato => ("ヤマト運輸", "Yamato Transport"),
    CarrierSagawa => ("佐川急便", "Sagawa Express"),
    CarrierJapanPost => ("日本郵便", "Japan Post"),
    CarrierOther => ("その他", "Other"),
    CarrierStorePickup => ("店頭受取", "Store pickup"),
    OrTitle => ("受注", "Orders"),
    OrSubtitle => ("電話・FAX・取引先からの受注と、その引当・出荷の状況です。", "Orders from the phone, fax and partners, and how far allocation and shipping have come."),
    OrListTitle => ("受注一覧", "All orders"),
    OrListSubtitle => ("新しい順。変更はリアルタイムに反映されます。", "Newest first; changes show up as they happen."),
    OrNew => ("新規受注", "New order"),
    OrEmptyTitle => ("受注はまだありません", "No orders yet"),
    OrEmptyBody => ("「新規受注」から電話注文などを入力できます。", "Use “New order” to enter a phone order."),
    OrNoMatchTitle => ("条件に合う受注はありません", "No orders match"),
    OrNoMatchBody => ("状態や拠点の絞り込みを変えてみてください。", "Try another status or location."),
    OrColumnNumber => ("受注番号", "Number"),
    OrColumnCustomer => ("得意先", "Customer"),
    OrColumnLines => ("明細", "Lines"),
    OrColumnOrdered => ("受注日", "Ordered"),
    OrNoCustomer => ("得意先なし", "No customer"),
    OrMoreLines => ("他 {n} 件", "+{n} more"),
    OrUnits => ("{n} 点", "{n} units"),
    OrNewTitle => ("新規受注", "New order"),
    OrNewSubtitle => ("得意先を検索し、SKU か JAN コードをスキャン（入力）して Enter で明細を追加します。キーボードだけで入力できます。", "Find the customer, then scan or type SKUs or barcodes and press Enter to add lines. Everything works from the keyboard."),
    OrBack => ("← 受注一覧", "← All orders"),
    OrCustomerTitle => ("得意先", "Customer"),
    OrCustomerSubtitle => ("名前・メール・電話番号で検索し、↑↓ で選んで Enter。", "Search by name, email or phone; ↑↓ to choose, Enter to pick."),
    OrCustomerSearch => ("得意先を検索", "Find a customer"),
    OrCustomerNone => ("該当する得意先はありません", "No customer matches"),
    OrCustomerChange => ("変更", "Change"),
    OrLinesTitle => ("明細", "Lines"),
    OrLinesSubtitle => ("スキャンするか SKU / JAN コードを入力して Enter。同じ商品をもう一度スキャンすると数量が 1 増えます。", "Scan, or type a SKU or barcode and press Enter. Scanning the same item again adds 1."),
    OrNoLinesHint => ("まだ明細がありません。商品をスキャンしてください。", "No lines yet: scan an item."),
    OrAdded => ("追加しました:", "Added:"),
    OrFulfilmentTitle => ("出荷元・納期", "Fulfilment"),
    OrFulfilmentSubtitle => ("在庫を引き当てて出荷する拠点と、お客様の希望納期です。", "Where the stock is allocated and shipped from, and when the customer wants it."),
    OrRequestedDate => ("希望納期", "Requested delivery"),
    OrShipToTitle => ("お届け先", "Ship to"),
    OrShipToSubtitle => ("取引先の既定の納品先が入ります。空欄のままでも登録できます。入力する場合は宛名から番地まで必要です。", "The customer's default delivery address fills in. Optional; when given, name through street address are needed."),
    OrSavedAddress => ("登録済みの住所", "Saved address"),
    OrChooseSavedAddress => ("登録済みの住所から選ぶ…", "Choose a saved address…"),
    OrShipName => ("宛名", "Name"),
    OrPostalCode => ("郵便番号", "Postal code"),
    OrPrefecture => ("都道府県", "Prefecture"),
    OrCity => ("市区町村", "City"),
    OrLine1 => ("番地", "Street address"),
    OrLine2 => ("建物名・部屋番号", "Building, room"),
    OrPhone => ("電話番号", "Phone"),
    OrNotePlaceholder => ("例: 午前中着希望", "e.g. Deliver in the morning"),
    OrSaveDraft => ("下書き保存", "Save draft"),
    OrConfirmOrder => ("受注を確定", "Confirm order"),
    OrConfirmHint => ("確定すると拠点の在庫を引き当てます。足りない分は引当待ちになり、入荷時に古い受注から順に引き当てられます。", "Confirming allocates stock at the location; what is short waits and is allocated oldest order first as stock arrives."),
    OrNoLines => ("明細を1行以上追加してください。", "Add at least one line."),
    OrFixLines => ("数量か単価が正しくない明細があります。", "A line has an invalid quantity or price."),
    OrTooManyLines => ("1つの受注の明細は500行までです。", "An order has at most 500 lines."),
    OrQuantityTooLarge => ("1行の数量は 1,000,000 までです。", "At most 1,000,000 units on a line."),
    OrChooseLocation => ("出荷元の拠点を選んでください。", "Choose where it ships from."),
    OrDetailSubtitle => ("受注の内容と、確定・出荷・取消の操作です。", "An order, and confirming, shipping or cancelling it."),
    OrConfirmedAt => ("確定", "Confirmed"),
    OrCancelledAt => ("取消", "Cancelled"),
    OrCancelReason => ("取消理由", "Reason"),
    OrCancelReasonPlaceholder => ("例: お客様のご都合", "e.g. The customer changed their mind"),
    OrCancel => ("受注を取消", "Cancel order"),
    OrCancelTitle => ("この受注を取り消しますか？", "Cancel this order?"),
    OrCancelBody => ("未出荷の数量が取消になり、引当中の在庫は解放されます。出荷済の分はそのまま残ります。", "What has not shipped is cancelled and the stock it held is released. Units already shipped stay shipped."),
    OrConfirmedFlash => ("受注を確定しました:", "Order confirmed:"),
    OrCancelledFlash => ("受注を取り消しました:", "Order cancelled:"),
    OrShippedFlash => ("出荷しました:", "Shipped:"),
    OrLinesStateSubtitle => ("受注数 = 引当 + 引当待ち + 出荷済 + 取消", "Ordered = allocated + backordered + shipped + cancelled"),
    OrOrdered => ("受注数", "Ordered"),
    OrAllocated => ("引当", "Allocated"),
    OrBackordered => ("引当待ち", "Backordered"),
    OrShipped => ("出荷済", "Shipped"),
    OrCancelled => ("取消", "Cancelled"),
    OrPackTitle => ("梱包・出荷", "Pack and ship"),
    OrPackSubtitle => ("梱包する商品をスキャンすると、1回ごとに該当する明細へ 1 個ずつ数えます。数量は直接修正もできます。", "Each scan counts one unit against its line; quantities can also be typed."),
    OrPackScanLabel => ("梱包する商品をスキャン", "Scan an item to pack"),
    OrPackReady => ("スキャンしてください", "Ready to scan"),
    OrPackNotOnOrder => ("この受注にない商品です", "is not on this order"),
    OrPackTooMany => ("引当数を超えるため数えられません。引当:", "would be more than is allocated. Allocated:"),
    OrPackCounted => ("梱包数", "packed"),
    OrPackNow => ("今回出荷", "Packing now"),
    OrPackAll => ("引当分をすべて入れる", "Pack all allocated"),
    OrPackClear => ("クリア", "Clear"),
    OrPackNothing => ("出荷する数量を1つ以上入れてください。", "Pack at least one unit."),
    OrPackOverLine => ("引当数を超える明細があります。", "A line has more than is allocated."),
    OrHeldTitle => ("与信限度額を超えるため承認待ちです", "Waiting for approval: past the credit limit"),
    OrHeldBody => ("マネージャー以上が承認すると在庫を引き当てます。承認しない場合はキャンセルしてください。", "A manager or above can approve it, which allocates its stock; otherwise cancel it."),
    OrCreditLimit => ("与信限度額", "Credit limit"),
    OrOpenOrders => ("未出荷の受注残", "Open orders"),
    OrThisOrder => ("この受注", "This order"),
    OrExceededBy => ("超過額", "Over by"),
    OrApprove => ("承認して引当", "Approve and allocate"),
    OrApprovedFlash => ("受注を承認しました:", "Order approved:"),
    OrApproveManagers => ("承認はマネージャー以上が行えます。", "Only a manager or above can approve."),
    OrMarkReady => ("受取準備完了にする", "Mark ready for pickup"),
    OrReadyFlash => ("受取準備が完了しました:", "Ready for pickup:"),
    OrHandOver => ("お客様に引き渡す", "Hand over"),
    OrHandOverTitle => ("店頭で引き渡しますか？", "Hand over at the store?"),
    OrHandOverBody => ("引当済みの{n}点を在庫から出し、受注を完了にします。", "The {n} allocated units leave stock and the order is completed."),
    OrHandOverNote => ("メモ（受取人・本人確認など）", "Note (who collected, ID checked, …)"),
    OrHandOverNotePlaceholder => ("例: ご本人様、会員証で確認", "e.g. the customer, checked their member card"),
    OrHandedOverFlash => ("引き渡しました:", "Handed over:"),
    OrPickupStore => ("受取店舗", "Pickup store"),
    OrReadyAt => ("受取準備完了", "Ready since"),
    OrPickupsTitle => ("店舗受取", "Store pickup"),
    OrPickupsSubtitle => ("店頭で受け取る注文の準備と引き渡し。受取待ちが長い注文は未受取として表示します。", "Prepare orders collected at the store and hand them over; orders waiting too long show as uncollected."),
    OrToPrepareTitle => ("準備する注文", "To prepare"),
    OrToPrepareSubtitle => ("すべて引当済みになったら受取準備完了にします。", "Mark an order ready once everything is allocated."),
    OrNothingToPrepare => ("準備する注文はありません", "Nothing to prepare"),
    OrNothingToPrepareBody => ("店舗受取の注文が入るとここに表示されます。", "Store-pickup orders show here as they come in."),
    OrWaitingTitle => ("受取待ち", "Waiting for the customer"),
    OrWaitingSubtitle => ("受取準備完了から古い順。", "Oldest first, since they were made ready."),
    OrNobodyWaiting => ("受取待ちの注文はありません", "Nobody is waiting"),
    OrNobodyWaitingBody => ("受取準備完了にした注文がここに並びます。", "Orders made ready for pickup line up here."),
    OrWaited => ("待ち日数", "Waiting"),
    OrDays => ("{n}日", "{n} days"),
    OrUncollected => ("未受取", "Uncollected"),
    OrUncollectedAfter => ("未受取とする日数", "Uncollected after"),
    OrWaitingForStock => ("引当待ちの商品が入荷すると出荷できます。", "The backordered units can ship once stock arrives."),
    OrCarrier => ("配送業者", "Carrier"),
    OrTracking => ("伝票番号", "Tracking number"),
    OrTrackingPlaceholder => ("例: 1234-5678-9012", "e.g. 1234-5678-9012"),
    OrShip => ("出荷を確定", "Ship"),
    OrShipmentsTitle => ("出荷履歴", "Shipments"),
    OrShipmentsSubtitle => ("出荷は確定後に変更できません。訂正は返品で行います。", "A shipment is final; a correction is a return."),
    OrShipmentsEmpty => ("まだ出荷はありません。", "Nothing has shipped yet."),
    OrColumnShipment => ("出荷番号", "Shipment"),
    OrColumnShippedAt => ("出荷日時", "Shipped"),
    OrBoardTitle => ("出荷ボード", "Fulfilment board"),
    OrBoardSubtitle => ("確定待ち・引当待ち・出荷待ち・本日出荷の受注です。受注が変わるとカードがリアルタイムに移動します。", "Orders to confirm, waiting for stock, to ship and shipped today; cards move as orders change."),
    OrBoardEmpty => ("なし", "Nothing here"),
}
