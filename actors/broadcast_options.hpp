#pragma once
/// How a node runs its broadcast queue (node-interface.md, serve options;
/// broadcast-queue.md). No CAF here: part of the embeddable API.

#include <chrono>
#include <string>

#include "arc/arc_settings.hpp"

namespace bsv {

/// Where merkle roots are confirmed (broadcast-queue.md, "Block headers").
struct HeaderSourceOptions {
  std::string url;          ///< empty: no header source
  std::string api = "woc";  ///< woc (WhatsOnChain's form) or bhs (Block Headers Service)
  std::string api_key;      ///< woc: sent as Authorization; bhs: as Bearer
  std::chrono::milliseconds timeout{10000};  ///< one request in all
};

/// How a node follows broadcast transactions until their proofs are stored
/// (broadcast-queue.md, "Proof tracking").
struct ProofOptions {
  bool enabled = true;            ///< false: no tracker (proofs come from elsewhere)
  HeaderSourceOptions headers;    ///< confirms each proof's merkle root
  bool trust_arc_proofs = false;  ///< no header source: store ARC's proofs unchecked
  /// Proofs are tracked: enabled, and either checked against a header
  /// source or trusted on ARC's word by the operator's choice.
  bool tracking() const { return enabled && (!headers.url.empty() || trust_arc_proofs); }
  double first_check = 60;          ///< seconds after acceptance of the first status check
  double interval = 600;            ///< the longest wait between checks (about one block)
  int max_checks = 144;             ///< then the txid is marked `attention`, no more polling
  double double_spend_grace = 600;  ///< seconds a DOUBLE_SPEND_ATTEMPTED may last after acceptance
  int batch = 16;                   ///< txids one round of the tracker checks at most
};

/// How a node resolves jobs whose outcome it does not know (broadcast-queue.md,
/// "Jobs in doubt"): it asks ARC, first `first_check` seconds after the job
/// went in doubt, then less and less often, at least every `interval`.
struct DoubtOptions {
  double first_check = 30;  ///< seconds in doubt before the first status check
  double interval = 600;    ///< the longest wait between checks
  double horizon = 86400;   ///< seconds in doubt after which it is logged and counted
  int batch = 16;           ///< jobs one round of the resolver checks at most
};

struct BroadcastOptions {
  arc::ArcSettings arc;          ///< where and how to reach ARC
  std::string node_id;           ///< locked_by is `<node_id>/<worker index>`; keep it stable
  int workers = 4;               ///< broadcast worker actors
  int batch = 16;                ///< jobs one worker claims (and sends to ARC) at a time
  double poll_interval = 8;      ///< seconds between claims when no notification comes
  double stale_threshold = 300;  ///< seconds before a `sending` job is rescued
  int max_attempts = 5;          ///< then a job on transient answers goes `in_doubt`
  double retry_base = 2;         ///< seconds: backoff(n) = min(max, base * 4^(n-1)) ± 20 %
  double retry_max = 600;
  ProofOptions proofs;  ///< following broadcast transactions until they are proven
  DoubtOptions doubt;   ///< finding out what became of jobs in doubt
  /// Seconds between runs of the wallet's invariant checks for the
  /// bsv_invariant_violations metric (each run reads the tables: raise it
  /// for very large wallets; 0 in the embeddable API: never).
  double check_interval = 60;
  /// Days after its proof is confirmed that a completed job keeps its
  /// payload (the row itself stays); 0: forever.
  int retain_payload_days = 0;
};

}  // namespace bsv
