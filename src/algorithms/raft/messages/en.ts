/**
 * Raft's words in English: narration and chapter titles. Keys are shared with zh-cn.ts, which also
 * translates the invariants and scenarios (`invariant.<id>.name`, `scenario.<id>.title`...) whose
 * English stays where they are declared (index.ts, scenarios.ts).
 */
export const en = {
  // Pieces a sentence names (a range of entries, a command, a configuration).
  'raft.range.one': 'entry {from}',
  'raft.range.many': 'entries {from}–{to}',
  'raft.heartbeat': 'heartbeat',
  'raft.nobody': 'nobody',
  'raft.another-server': 'another server',
  'raft.a-leader': 'a leader',
  'raft.new-server': 'a new server',
  'raft.the-new-server': 'the new server',
  'raft.how.client': 'from a client',
  'raft.how.forwarded': 'passed on by {from}',
  'raft.entries-count': '{count} entries',

  // Clauses that finish a sentence (each starts with its own "; ").
  'raft.commit': '; commitIndex moves to {commitIndex}',
  'raft.commit.applies': '; commitIndex moves to {commitIndex} and it applies {what}',
  'raft.commit.configuration': '{commit}; configuration {members} at index {index} is now committed',
  'raft.configuration.initial': 'the initial one',
  'raft.configuration.index': 'index {index}',
  'raft.configuration.uses': '; it now uses configuration {members} ({where})',
  'raft.configuration.uses-uncommitted': '; it now uses configuration {members} ({where}, not yet committed)',
  'raft.configuration.now-member': '{clause}; it is now a member',
  'raft.configuration.no-longer-member': '{clause}; it is no longer a member',

  // Membership changes.
  'raft.verb.add': 'add {server}',
  'raft.verb.remove': 'remove {server}',
  'raft.refusal.unknown-server': 'there is no server {server}',
  'raft.refusal.already-member': '{server} is already in its configuration {members}',
  'raft.refusal.not-member': '{server} is not in its configuration {members}',
  'raft.refusal.last-member': '{server} is the only server left in the configuration',
  'raft.refusal.catching-up':
    'it is still bringing {joining} up to date before adding it: one change at a time',
  'raft.refusal.uncommitted-change':
    'its configuration {members} at index {index} is not committed yet: one change at a time',
  'raft.refusal.no-commit-this-term':
    'it has not yet committed an entry of its own term {term}, and a leader may change the configuration only after that (the 2015 fix to single-server changes)',
  'raft.membership.not-leader':
    '{node} is asked to {verb}, but it is not the leader: only a leader changes the configuration',
  'raft.membership.transferring': '{node} is handing leadership over to {target} and refuses to {verb}',
  'raft.membership.refused': '{node} refuses to {verb}: {reason}',
  'raft.membership.consequence.self':
    '; {node} leads on without counting itself until that configuration is committed, then steps down',
  'raft.membership.consequence.removed-prevote':
    '; {server} gets nothing more from the leader and never learns it was removed, but PreVote keeps it from disturbing the cluster: servers that hear from the leader refuse it pre-votes',
  'raft.membership.consequence.removed':
    '; {server} gets nothing more from the leader and never learns it was removed: with PreVote off, its own elections can depose the leader',
  'raft.membership.appended':
    '{node} appends configuration {members} at index {index} to {verb} and uses it at once: majorities now count over {count, plural, one {# server} other {# servers}}{consequence}{commit}',
  'raft.membership.catch-up':
    "{node} is asked to {verb}: before appending configuration {target} it brings {server}'s log up to index {until}, {server} not voting meanwhile",

  // A later term seen in a message: the opening of the sentence, up to the verb.
  'raft.from.vote-request': 'in a vote request from {candidate}',
  'raft.from.answer': "in {from}'s answer",
  'raft.from.leader': 'from leader {leader}',
  'raft.step-down': '{node} sees term {term} {from}, adopts it and ',
  'raft.step-down.role': '{node} sees term {term} {from}, adopts it, steps down from {role} and ',
  'raft.candidate-steps-down':
    '{node} hears from {leader}, leader of term {term}, steps down to follower and ',
  'raft.subject': '{node} ',
  'raft.role.leader': 'leader',
  'raft.role.candidate': 'candidate',
  'raft.role.precandidate': 'precandidate',
  'raft.role.follower': 'follower',

  // Elections.
  'raft.cause.timer': '{node} times out',
  'raft.cause.forced': '{node} is made to time out',
  'raft.prevote.start': '{cause} and asks for pre-votes for term {next}; its own term stays {term}',
  'raft.prevote.start-again':
    '{cause} (its last round of pre-votes fell short) and asks for pre-votes for term {next}; its own term stays {term}',
  'raft.election.start': '{cause} and starts an election for term {term}',
  'raft.election.start-won':
    '{cause} and starts an election for term {term} and, being a majority on its own, wins at once',
  'raft.election.start-again':
    '{cause} (its election for term {previous} found no winner) and starts an election for term {term}',
  'raft.election.start-again-won':
    '{cause} (its election for term {previous} found no winner) and starts an election for term {term} and, being a majority on its own, wins at once',
  'raft.not-member.timer':
    "{node}'s election timer fires, but {node} is not in its configuration {members}: it starts no election and waits for a leader to contact it",
  'raft.not-member.forced':
    '{node} is made to time out, but {node} is not in its configuration {members}: it starts no election and waits for a leader to contact it',

  // RequestVote and its answer.
  'raft.vote.granted': '{lead}votes for {candidate} in term {term}',
  'raft.vote.stale-term':
    "{node} refuses {candidate}'s vote request: term {term} is stale ({node} is in term {current})",
  'raft.vote.voted-for-another':
    '{lead}refuses {candidate}: it already voted for {votedFor} in term {current}',
  'raft.vote.log-behind':
    "{lead}refuses {candidate}: its own log (last term {lastTerm}, index {lastIndex}) is more up to date than {candidate}'s (last term {theirTerm}, index {theirIndex})",
  'raft.vote.refused': "{lead}refuses {candidate}'s vote request",
  'raft.becomes-follower': '{lead}becomes a follower',
  'raft.vote-answer.not-candidate': "{node} is no longer a candidate and ignores {from}'s vote",
  'raft.vote-answer.stale': '{node} ignores a stale vote answer from {from} (term {term})',
  'raft.vote-answer.refused': '{from} refused to vote for {node} in term {term}',
  'raft.vote-answer.won':
    "{node} gets {from}'s vote and wins the election for term {term} with {counted} of {members} votes: it is now the leader and sends heartbeats",
  'raft.vote-answer.counted':
    "{node} gets {from}'s vote ({counted} of {members} in term {term}, needs {needed})",

  // TimeoutNow, PreVote.
  'raft.timeout-now.started':
    '{node} gets TimeoutNow from {from}, which is handing over leadership, and starts an election for term {term} at once',
  'raft.timeout-now.ignored':
    '{node} ignores a TimeoutNow from {from} of term {term} ({node} is in term {current})',
  'raft.prevote.granted':
    '{node} would vote for {candidate} in term {term}: it grants a pre-vote, changing neither its term nor its vote',
  'raft.prevote.leader': "{node} is the leader and refuses {candidate}'s pre-vote",
  'raft.prevote.not-later-term':
    "{node} refuses {candidate}'s pre-vote for term {term}: it is already in term {current}",
  'raft.prevote.leader-contact':
    "{node} refuses {candidate}'s pre-vote: it heard from leader {leader} within the election timeout",
  'raft.prevote.log-behind':
    "{node} refuses {candidate}'s pre-vote: its own log (last term {lastTerm}, index {lastIndex}) is more up to date",
  'raft.prevote-answer.not-asking': "{node} is not asking for pre-votes any more and ignores {from}'s answer",
  'raft.prevote-answer.older-round': "{node} ignores {from}'s answer to an older round of pre-votes",
  'raft.prevote-answer.refused': '{from} refuses {node} a pre-vote for term {term}',
  'raft.prevote-answer.won':
    "{node} gets {from}'s pre-vote: with a majority it may try, and starts an election for term {term}",
  'raft.prevote-answer.counted': "{node} gets {from}'s pre-vote ({counted} of {members})",

  // AppendEntries.
  'raft.append.two-leaders':
    "{node} leads term {term} too and ignores {leader}'s {what}: two leaders in one term, which Election Safety forbids",
  'raft.append.stale-term':
    '{node} refuses a {what} from {leader}: term {term} is stale ({node} is in term {current}); its answer tells {leader} so',
  'raft.append.missing':
    "{lead}refuses {leader}'s {what}: it has no entry at index {prevIndex} (its log ends at {length})",
  'raft.append.mismatch':
    "{lead}refuses {leader}'s {what}: its entry at index {prevIndex} has term {found}, not {prevTerm}",
  'raft.append.heartbeat': "{lead}accepts {leader}'s heartbeat for term {term}{commit}",
  'raft.append.already': '{lead}already holds {range} from {leader}: nothing to change{commit}',
  'raft.append.truncated':
    '{lead}deletes its conflicting entries from index {from} (term {conflictTerm}) and takes {range} from {leader}{configuration}{commit}',
  'raft.append.appended': '{lead}appends {range} from {leader}, leader of term {term}{configuration}{commit}',

  // AppendEntries answers.
  'raft.answer.not-leader': "{node} is no longer leader and ignores {from}'s answer",
  'raft.answer.stale': '{node} ignores a stale answer from {from} (term {term})',
  'raft.answer.learns': '{node} learns that {from} holds its log up to index {index} (matchIndex {index})',
  'raft.answer.confirms-log': "{from} confirms {node}'s log up to index {index}",
  'raft.answer.confirms-leadership': "{from} confirms {node}'s leadership",
  'raft.answer.uncountable':
    '; index {index} (term {term}) is now on a majority, but {node} may not mark it committed by counting: a leader counts replicas only for entries of its own term (section 5.4.2)',
  'raft.answer.caught-up':
    '{base}: {from} has caught up, so {node} appends configuration {members} at index {index} to add it, and uses it at once{commit}',
  'raft.answer.timeout-now': '; its log now up to date, {node} sends it TimeoutNow',
  'raft.answer.sends-more': ', and sends it more',
  'raft.answer.removed':
    '; {node} is not in that configuration: it steps down and, outside the cluster, starts no more elections',
  'raft.answer.success': '{base}{commit}{held}{more}{removed}',
  'raft.answer.backoff': '{from} refused: {node} moves nextIndex for {from} back to {next} and retries',
  'raft.answer.older': "{node} ignores {from}'s refusal of an older request",

  // Client requests.
  'raft.client.transferring':
    '{node} is handing leadership over to {target} and refuses the client request {command} ({how})',
  'raft.client.appended':
    '{node} appends {command} ({how}) to its log at index {index}, term {term}, and replicates it{commit}',
  'raft.client.forwarded':
    '{node} is not the leader: the client request {command} ({how}) goes on to {to}, the leader {node} knows',
  'raft.client.fails': '{node} is not the leader and knows none: the client request {command} ({how}) fails',
  'raft.client.transferring-bare':
    '{node} is handing leadership over to {target} and refuses the client request',

  // Timers.
  'raft.catch-up.gave-up':
    '{node} gives up adding {server}: {server} made no progress for an election timeout, and the configuration stays {members}',
  'raft.transfer.gave-up':
    '{node} gives up handing leadership over to {target}: no election came of it in time; it takes client requests again',
  'raft.leader-contact':
    '{node} has heard from no leader for the minimum election timeout: from now on it grants pre-votes',
  'raft.heartbeats': '{node} sends heartbeats to {to}',
  'raft.heartbeats.entries': '{node} sends heartbeats to {to} (with entries for {withEntries})',

  // Reader actions.
  'raft.timeout.leader': '{node} is the leader and has no election timer: nothing happens',
  'raft.transfer.not-leader': '{node} is not the leader: only a leader can hand over leadership',
  'raft.transfer.not-member':
    '{node} cannot hand leadership over to {target}: it is not a member of the cluster',
  'raft.transfer.now':
    "{node} is asked to hand leadership over to {target}: it stops taking client requests and, {target}'s log being up to date, sends it TimeoutNow",
  'raft.transfer.catch-up':
    "{node} is asked to hand leadership over to {target}: it stops taking client requests and first brings {target}'s log up to date",

  // Crashes and the network.
  'raft.crash':
    '{node} crashes. Stable storage keeps currentTerm {term}, votedFor {votedFor} and {count, plural, one {# log entry} other {# log entries}}; commitIndex {commitIndex}, lastApplied {lastApplied} and the state machine are lost',
  'raft.crash.leader':
    '{node} crashes. Stable storage keeps currentTerm {term}, votedFor {votedFor} and {count, plural, one {# log entry} other {# log entries}}; commitIndex {commitIndex}, lastApplied {lastApplied}, nextIndex, matchIndex and the state machine are lost',
  'raft.restart':
    '{node} restarts as a follower from stable storage: term {term}, votedFor {votedFor}, {count, plural, one {# log entry} other {# log entries}}, commitIndex back to 0; its election timer is set',
  'raft.drop.loss': "The network loses {from}'s {what} to {to}",
  'raft.drop.partition': "The partition stops {from}'s {what} to {to}",
  'raft.drop.down': "{from}'s {what} reaches {to}, which is down: it is lost",
  'raft.resume': '{node} resumes after its pause and handles what queued up meanwhile',

  // Chapters.
  'raft.title.add': 'Add {server}',
  'raft.title.remove': 'Remove {server}',
  'raft.title.transfer': 'Hand leadership to {target}',
  'raft.title.write': 'A client writes {command}',
  'raft.title.write-at': 'A client writes {command} at {node}',
  'raft.milestone.elected': '{node} is elected leader of term {term}',
  'raft.milestone.first-commit': '{node} commits up to entry {index} in term {term}',
} as const;

export type RaftMessageKey = keyof typeof en;
