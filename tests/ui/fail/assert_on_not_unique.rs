use attio_core::{AttioRecord, Client};

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    name: String,
    #[attio(skip)]
    password_hash: String,
}

async fn sync(user: &User, client: &Client) {
    let _ = user.assert_on(client, User::ID).await;
    let _ = user.assert_on(client, User::NAME).await;
    let _ = user.assert_on(client, User::PASSWORD_HASH).await;
}

fn main() {
    let _ = sync;
}
