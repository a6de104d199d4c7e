//! 审查建议 in the store: a citizen's or an organisation's proposal that a normative document be
//! reviewed, received from the portal's form (rate-limited per address as opinions are) under a
//! receipt code, handled by the receiving congress's staff through the core's
//! `filing::proposal::apply` — declined with the reason, a review opened on a filing, the
//! result fed back, published only with the proposer's consent — each step one audited
//! transaction. The contact is kept for the office and never leaves it.

use super::settings::settings_on;
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use renda_core::filing::check_receives_filings;
use renda_core::filing::proposal::{self, Command, Proposal, ProposalState, PublishedProposal, ReviewProposal};
use renda_core::ids::{FilingId, OrgId, ReviewProposalId};
use renda_core::liaison::opinion::check_flood;
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A proposal as the office reads it (the contact included).
#[derive(Clone, Debug, Serialize)]
pub struct ProposalRow {
    pub id: ReviewProposalId,
    pub congress: OrgId,
    pub receipt: String,
    pub proposal: Proposal,
    pub progress: ReviewProposal,
    /// The reason no review was opened, or the review's result.
    pub answer: Option<String>,
    pub received_on: jiff::civil::Date,
}

/// What the holder of a receipt code reads: the state and the answer, nothing else.
#[derive(Clone, Debug, Serialize)]
pub struct ProposalStatus {
    pub document: String,
    pub state: ProposalState,
    pub received_on: jiff::civil::Date,
    pub answer: Option<String>,
}

const COLUMNS: &str = "id, congress_id, receipt, proposal, record, answer, received_on FROM review_proposals";

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Internal(format!("review proposal json: {e}"))
}

fn row_from(r: &AnyRow) -> Result<ProposalRow> {
    let proposal: String = r.try_get("proposal")?;
    let record: String = r.try_get("record")?;
    Ok(ProposalRow {
        id: ReviewProposalId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        receipt: r.try_get("receipt")?,
        proposal: serde_json::from_str(&proposal).map_err(json_err)?,
        progress: serde_json::from_str(&record).map_err(json_err)?,
        answer: r.try_get("answer")?,
        received_on: crate::columns::date(r, "received_on")?,
    })
}

impl Store {
    async fn check_proposals(&self, actor: &Actor, action: Action, congress: OrgId) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, action, Resource::Filing, &Target { congress_path: &path, ..Target::default() })?;
        Ok(())
    }

    /// Receives a 审查建议 for `congress` from the portal (at most as many an hour from one
    /// address as opinions): returns it and the receipt code the proposer follows it with.
    pub async fn submit_review_proposal(
        &self,
        congress: OrgId,
        proposal: &Proposal,
        client_addr: &str,
    ) -> Result<(ReviewProposalId, ReceiptCode)> {
        match self.org(congress).await?.kind {
            OrgKind::Congress(level) => check_receives_filings(level)?,
            _ => return Err(StoreError::NotFound("该人大")),
        }
        let today = self.today();
        let mut w = self.begin_write(Chain::Congress(congress), None).await?;
        let since = (self.clock().now() - jiff::SignedDuration::from_hours(1)).to_string();
        let recent: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM review_proposals WHERE client_addr = $1 AND created_at >= $2")
                .bind(client_addr)
                .bind(&since)
                .fetch_one(w.conn())
                .await?;
        check_flood(recent)?;
        let receipt = loop {
            let code = ReceiptCode::from_random(rand::random());
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM review_proposals WHERE receipt = $1")
                .bind(code.as_str())
                .fetch_one(w.conn())
                .await?;
            if taken == 0 {
                break code;
            }
        };
        let settings = settings_on(w.conn(), congress).await?;
        let progress = ReviewProposal::received(proposal, today, &settings);
        let at = w.at().to_owned();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO review_proposals (congress_id, receipt, document, state, due_on, proposal, record, client_addr,
                                           received_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(congress.0)
        .bind(receipt.as_str())
        .bind(&proposal.document)
        .bind(progress.state().code())
        .bind(progress.due_on().map(|d| d.to_string()))
        .bind(serde_json::to_string(proposal).map_err(json_err)?)
        .bind(serde_json::to_string(&progress).map_err(json_err)?)
        .bind(client_addr)
        .bind(today.to_string())
        .bind(&at)
        .fetch_one(w.conn())
        .await?;
        // The audit entry names the document, never the proposer or the contact.
        let after = serde_json::json!({ "document": proposal.document, "receipt": receipt.as_str(),
            "consent": proposal.consent_to_publish, "state": progress.state() });
        w.record("review_proposal.submit", "review_proposal", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok((ReviewProposalId(id), receipt))
    }

    /// What the holder of a receipt code reads of their proposal.
    pub async fn review_proposal_by_receipt(&self, code: ReceiptCode) -> Result<ProposalStatus> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} WHERE receipt = $1")))
            .bind(code.as_str())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该回执码对应的审查建议"))?;
        let row = row_from(&r)?;
        Ok(ProposalStatus {
            document: row.proposal.document,
            state: row.progress.state(),
            received_on: row.received_on,
            answer: row.answer.filter(|_| row.progress.state().is_final()),
        })
    }

    /// The proposals a congress received, newest first: its staff and those above.
    pub async fn review_proposals(&self, actor: &Actor, congress: OrgId) -> Result<Vec<ProposalRow>> {
        self.check_proposals(actor, Action::View, congress).await?;
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} WHERE congress_id = $1 ORDER BY id DESC")))
                .bind(congress.0)
                .fetch_all(self.pool())
                .await?;
        rows.iter().map(row_from).collect()
    }

    /// One proposal, for its congress's staff and those above; for anyone else it does not exist.
    pub async fn review_proposal(&self, actor: &Actor, id: ReviewProposalId) -> Result<ProposalRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该审查建议"))?;
        let row = row_from(&r)?;
        self.check_proposals(actor, Action::View, row.congress)
            .await
            .map_err(|_| StoreError::NotFound("该审查建议"))?;
        Ok(row)
    }

    /// The office acts on a proposal (the core's `proposal::apply`): a review opened names a
    /// filing of the same congress. One audited transaction.
    pub async fn act_on_review_proposal(
        &self,
        actor: &Actor,
        id: ReviewProposalId,
        command: &Command,
    ) -> Result<ProposalRow> {
        let congress = self.review_proposal(actor, id).await?.congress;
        self.check_proposals(actor, Action::Edit, congress).await?;
        let today = self.today();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} WHERE id = $1")))
            .bind(id.0)
            .fetch_one(w.conn())
            .await?;
        let before = row_from(&r)?;
        if let Command::OpenReview { filing } = command {
            let of: Option<i64> = sqlx::query_scalar("SELECT congress_id FROM filings WHERE id = $1")
                .bind(filing.0)
                .fetch_optional(w.conn())
                .await?;
            if of != Some(congress.0) {
                return Err(StoreError::NotFound("该备案文件"));
            }
        }
        let (next, event) = proposal::apply(&before.progress, command, today)?;
        let answer = match &event {
            proposal::Event::Declined { reason, .. } => Some(reason.clone()),
            proposal::Event::Answered { result } => Some(result.clone()),
            _ => before.answer.clone(),
        };
        let at = w.at().to_owned();
        sqlx::query(
            "UPDATE review_proposals SET state = $2, due_on = $3, filing_id = $4, record = $5, answer = $6,
                    published = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id.0)
        .bind(next.state().code())
        .bind(next.due_on().map(|d| d.to_string()))
        .bind(next.filing().map(|f: FilingId| f.0))
        .bind(serde_json::to_string(&next).map_err(json_err)?)
        .bind(answer.as_deref())
        .bind(i64::from(next.published()))
        .bind(&at)
        .execute(w.conn())
        .await?;
        w.record(
            "review_proposal.act",
            "review_proposal",
            id.0,
            Some(&serde_json::json!({ "state": before.progress.state() })),
            Some(&serde_json::json!({ "state": next.state(), "event": event })),
        )
        .await?;
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} WHERE id = $1")))
            .bind(id.0)
            .fetch_one(w.conn())
            .await?;
        let row = row_from(&r)?;
        w.commit().await?;
        Ok(row)
    }

    /// The proposals a congress published (with their proposers' consent), newest first: the
    /// document, the provision, the reasons and the answer, redacted; never who or how to reach them.
    pub async fn published_review_proposals(&self, congress: OrgId) -> Result<Vec<PublishedProposal>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE congress_id = $1 AND published = 1 ORDER BY id DESC"
        )))
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let row = row_from(r)?;
            if let Some(p) =
                proposal::for_publication(&row.progress, &row.proposal, row.answer.as_deref().unwrap_or(""))
            {
                out.push(p);
            }
        }
        Ok(out)
    }
}
