/** Raft 的中文措辞：叙述、章节标题和不变式。键与 en.ts 相同；缺少的键回退到英文。 */
import type { RaftMessageKey } from './en';

type Key = RaftMessageKey | `invariant.${string}` | `scenario.${string}` | `noun.${'one' | 'many'}`;

export const zhCn: Partial<Record<Key, string>> = {
  'raft.range.one': '条目 {from}',
  'raft.range.many': '条目 {from}–{to}',
  'raft.heartbeat': '心跳',
  'raft.nobody': '无',
  'raft.another-server': '另一台服务器',
  'raft.a-leader': '某个领导者',
  'raft.new-server': '新服务器',
  'raft.the-new-server': '新服务器',
  'raft.how.client': '来自客户端',
  'raft.how.forwarded': '由 {from} 转发',
  'raft.entries-count': '{count} 个条目',

  'raft.commit': '；commitIndex 推进到 {commitIndex}',
  'raft.commit.applies': '；commitIndex 推进到 {commitIndex}，并应用 {what}',
  'raft.commit.configuration': '{commit}；索引 {index} 处的配置 {members} 现已提交',
  'raft.configuration.initial': '初始配置',
  'raft.configuration.index': '索引 {index}',
  'raft.configuration.uses': '；它现在使用配置 {members}（{where}）',
  'raft.configuration.uses-uncommitted': '；它现在使用配置 {members}（{where}，尚未提交）',
  'raft.configuration.now-member': '{clause}；它现在是成员了',
  'raft.configuration.no-longer-member': '{clause}；它不再是成员',

  'raft.verb.add': '加入 {server}',
  'raft.verb.remove': '移除 {server}',
  'raft.refusal.unknown-server': '不存在服务器 {server}',
  'raft.refusal.already-member': '{server} 已经在它的配置 {members} 中',
  'raft.refusal.not-member': '{server} 不在它的配置 {members} 中',
  'raft.refusal.last-member': '{server} 是配置中仅剩的服务器',
  'raft.refusal.catching-up': '它仍在把 {joining} 的日志追平，之后才能加入它：一次只做一个变更',
  'raft.refusal.uncommitted-change': '它在索引 {index} 处的配置 {members} 尚未提交：一次只做一个变更',
  'raft.refusal.no-commit-this-term':
    '它还没有提交过自己任期 {term} 的条目，而领导者只有在此之后才能变更配置（2015 年对单服务器变更的修正）',
  'raft.membership.not-leader': '{node} 被要求{verb}，但它不是领导者：只有领导者才能变更配置',
  'raft.membership.transferring': '{node} 正在把领导权移交给 {target}，拒绝{verb}',
  'raft.membership.refused': '{node} 拒绝{verb}：{reason}',
  'raft.membership.consequence.self': '；在该配置提交之前，{node} 继续领导但不把自己计入多数，提交后再卸任',
  'raft.membership.consequence.removed-prevote':
    '；{server} 不再收到领导者的任何消息，也永远不会得知自己已被移除，但 PreVote 使它无法干扰集群：能收到领导者消息的服务器会拒绝给它预投票',
  'raft.membership.consequence.removed':
    '；{server} 不再收到领导者的任何消息，也永远不会得知自己已被移除：PreVote 关闭时，它自己发起的选举可能把领导者赶下台',
  'raft.membership.appended':
    '{node} 在索引 {index} 处追加配置 {members} 以{verb}，并立即使用它：多数派现在按 {count} 台服务器计算{consequence}{commit}',
  'raft.membership.catch-up':
    '{node} 被要求{verb}：在追加配置 {target} 之前，它先把 {server} 的日志补到索引 {until}，其间 {server} 不参与投票',

  'raft.from.vote-request': '在 {candidate} 的投票请求中',
  'raft.from.answer': '在 {from} 的回复中',
  'raft.from.leader': '在领导者 {leader} 的消息中',
  'raft.step-down': '{node} {from}看到任期 {term}，采用该任期，并',
  'raft.step-down.role': '{node} {from}看到任期 {term}，采用该任期，从{role}退为跟随者，并',
  'raft.candidate-steps-down': '{node} 收到任期 {term} 的领导者 {leader} 的消息，退为跟随者，并',
  'raft.subject': '{node} ',
  'raft.role.leader': '领导者',
  'raft.role.candidate': '候选人',
  'raft.role.precandidate': '预候选人',
  'raft.role.follower': '跟随者',

  'raft.cause.timer': '{node} 超时',
  'raft.cause.forced': '{node} 被强制超时',
  'raft.prevote.start': '{cause}，为任期 {next} 请求预投票；它自己的任期仍为 {term}',
  'raft.prevote.start-again':
    '{cause}（上一轮预投票未获多数），为任期 {next} 请求预投票；它自己的任期仍为 {term}',
  'raft.election.start': '{cause}，发起任期 {term} 的选举',
  'raft.election.start-won': '{cause}，发起任期 {term} 的选举，由于自己一台就构成多数，立即当选',
  'raft.election.start-again': '{cause}（任期 {previous} 的选举没有产生胜者），发起任期 {term} 的选举',
  'raft.election.start-again-won':
    '{cause}（任期 {previous} 的选举没有产生胜者），发起任期 {term} 的选举，由于自己一台就构成多数，立即当选',
  'raft.not-member.timer':
    '{node} 的选举定时器触发，但 {node} 不在它的配置 {members} 中：它不发起选举，等待领导者联系它',
  'raft.not-member.forced':
    '{node} 被强制超时，但 {node} 不在它的配置 {members} 中：它不发起选举，等待领导者联系它',

  'raft.vote.granted': '{lead}在任期 {term} 投票给 {candidate}',
  'raft.vote.stale-term':
    '{node} 拒绝 {candidate} 的投票请求：任期 {term} 已过时（{node} 处于任期 {current}）',
  'raft.vote.voted-for-another': '{lead}拒绝 {candidate}：它在任期 {current} 已经投票给了 {votedFor}',
  'raft.vote.log-behind':
    '{lead}拒绝 {candidate}：它自己的日志（最后任期 {lastTerm}，索引 {lastIndex}）比 {candidate} 的日志（最后任期 {theirTerm}，索引 {theirIndex}）更新',
  'raft.vote.refused': '{lead}拒绝 {candidate} 的投票请求',
  'raft.becomes-follower': '{lead}成为跟随者',
  'raft.vote-answer.not-candidate': '{node} 已不再是候选人，忽略 {from} 的投票',
  'raft.vote-answer.stale': '{node} 忽略 {from} 的一条过时投票回复（任期 {term}）',
  'raft.vote-answer.refused': '{from} 在任期 {term} 拒绝投票给 {node}',
  'raft.vote-answer.won':
    '{node} 获得 {from} 的投票，以 {members} 票中的 {counted} 票赢得任期 {term} 的选举：它现在是领导者，开始发送心跳',
  'raft.vote-answer.counted':
    '{node} 获得 {from} 的投票（任期 {term} 中 {members} 票得 {counted} 票，需要 {needed} 票）',

  'raft.timeout-now.started':
    '{node} 收到正在移交领导权的 {from} 发来的 TimeoutNow，立即发起任期 {term} 的选举',
  'raft.timeout-now.ignored':
    '{node} 忽略 {from} 发来的任期 {term} 的 TimeoutNow（{node} 处于任期 {current}）',
  'raft.prevote.granted': '{node} 愿意在任期 {term} 投票给 {candidate}：它给出预投票，任期和投票都不改变',
  'raft.prevote.leader': '{node} 是领导者，拒绝 {candidate} 的预投票',
  'raft.prevote.not-later-term': '{node} 拒绝 {candidate} 对任期 {term} 的预投票：它已经处于任期 {current}',
  'raft.prevote.leader-contact':
    '{node} 拒绝 {candidate} 的预投票：它在选举超时内收到过领导者 {leader} 的消息',
  'raft.prevote.log-behind':
    '{node} 拒绝 {candidate} 的预投票：它自己的日志（最后任期 {lastTerm}，索引 {lastIndex}）更新',
  'raft.prevote-answer.not-asking': '{node} 已不再请求预投票，忽略 {from} 的回复',
  'raft.prevote-answer.older-round': '{node} 忽略 {from} 对更早一轮预投票的回复',
  'raft.prevote-answer.refused': '{from} 拒绝给 {node} 任期 {term} 的预投票',
  'raft.prevote-answer.won': '{node} 获得 {from} 的预投票：有了多数，它可以一试，于是发起任期 {term} 的选举',
  'raft.prevote-answer.counted': '{node} 获得 {from} 的预投票（{members} 票中的 {counted} 票）',

  'raft.append.two-leaders':
    '{node} 也在领导任期 {term}，忽略 {leader} 的 {what}：同一任期出现两个领导者，这是 Election Safety 所禁止的',
  'raft.append.stale-term':
    '{node} 拒绝 {leader} 的一条 {what}：任期 {term} 已过时（{node} 处于任期 {current}）；它的回复会告知 {leader}',
  'raft.append.missing':
    '{lead}拒绝 {leader} 的 {what}：它在索引 {prevIndex} 处没有条目（它的日志止于 {length}）',
  'raft.append.mismatch':
    '{lead}拒绝 {leader} 的 {what}：它在索引 {prevIndex} 处的条目任期为 {found}，而不是 {prevTerm}',
  'raft.append.heartbeat': '{lead}接受 {leader} 在任期 {term} 的心跳{commit}',
  'raft.append.already': '{lead}已经持有来自 {leader} 的{range}：无需改动{commit}',
  'raft.append.truncated':
    '{lead}从索引 {from}（任期 {conflictTerm}）起删除冲突的条目，并接收来自 {leader} 的{range}{configuration}{commit}',
  'raft.append.appended': '{lead}追加来自任期 {term} 领导者 {leader} 的{range}{configuration}{commit}',

  'raft.answer.not-leader': '{node} 已不再是领导者，忽略 {from} 的回复',
  'raft.answer.stale': '{node} 忽略 {from} 的一条过时回复（任期 {term}）',
  'raft.answer.learns': '{node} 得知 {from} 持有它直到索引 {index} 的日志（matchIndex {index}）',
  'raft.answer.confirms-log': '{from} 确认了 {node} 直到索引 {index} 的日志',
  'raft.answer.confirms-leadership': '{from} 确认了 {node} 的领导地位',
  'raft.answer.uncountable':
    '；索引 {index}（任期 {term}）现已复制到多数派，但 {node} 不能靠计数把它标记为已提交：领导者只对自己任期的条目计算副本数（第 5.4.2 节）',
  'raft.answer.caught-up':
    '{base}：{from} 已经追上，于是 {node} 在索引 {index} 处追加配置 {members} 以加入它，并立即使用该配置{commit}',
  'raft.answer.timeout-now': '；它的日志已是最新，{node} 向它发送 TimeoutNow',
  'raft.answer.sends-more': '，并继续向它发送后续条目',
  'raft.answer.removed': '；{node} 不在该配置中：它卸任，并且在集群之外不再发起选举',
  'raft.answer.success': '{base}{commit}{held}{more}{removed}',
  'raft.answer.backoff': '{from} 拒绝了：{node} 把 {from} 的 nextIndex 回退到 {next} 并重试',
  'raft.answer.older': '{node} 忽略 {from} 对一条较早请求的拒绝',

  'raft.client.transferring': '{node} 正在把领导权移交给 {target}，拒绝客户端请求 {command}（{how}）',
  'raft.client.appended':
    '{node} 把 {command}（{how}）追加到日志的索引 {index}，任期 {term}，并开始复制{commit}',
  'raft.client.forwarded':
    '{node} 不是领导者：客户端请求 {command}（{how}）被转给 {to}，即 {node} 所知的领导者',
  'raft.client.fails': '{node} 不是领导者，也不知道谁是：客户端请求 {command}（{how}）失败',
  'raft.client.transferring-bare': '{node} 正在把领导权移交给 {target}，拒绝该客户端请求',

  'raft.catch-up.gave-up': '{node} 放弃加入 {server}：{server} 在一个选举超时内没有进展，配置仍为 {members}',
  'raft.transfer.gave-up': '{node} 放弃把领导权移交给 {target}：没有及时发生选举；它重新接受客户端请求',
  'raft.leader-contact': '{node} 在最短选举超时内没有收到任何领导者的消息：从现在起它会给出预投票',
  'raft.heartbeats': '{node} 向 {to} 发送心跳',
  'raft.heartbeats.entries': '{node} 向 {to} 发送心跳（其中发给 {withEntries} 的带有条目）',

  'raft.timeout.leader': '{node} 是领导者，没有选举定时器：什么也不会发生',
  'raft.transfer.not-leader': '{node} 不是领导者：只有领导者才能移交领导权',
  'raft.transfer.not-member': '{node} 无法把领导权移交给 {target}：它不是集群成员',
  'raft.transfer.now':
    '{node} 被要求把领导权移交给 {target}：它停止接受客户端请求，并且由于 {target} 的日志已是最新，向它发送 TimeoutNow',
  'raft.transfer.catch-up':
    '{node} 被要求把领导权移交给 {target}：它停止接受客户端请求，先把 {target} 的日志追平',

  'raft.crash':
    '{node} 崩溃。稳定存储保留 currentTerm {term}、votedFor {votedFor} 和 {count} 个日志条目；commitIndex {commitIndex}、lastApplied {lastApplied} 和状态机都会丢失',
  'raft.crash.leader':
    '{node} 崩溃。稳定存储保留 currentTerm {term}、votedFor {votedFor} 和 {count} 个日志条目；commitIndex {commitIndex}、lastApplied {lastApplied}、nextIndex、matchIndex 和状态机都会丢失',
  'raft.restart':
    '{node} 以跟随者身份从稳定存储重启：任期 {term}，votedFor {votedFor}，{count} 个日志条目，commitIndex 回到 0；它的选举定时器已设置',
  'raft.drop.loss': '网络丢失了 {from} 发给 {to} 的 {what}',
  'raft.drop.partition': '网络分区拦下了 {from} 发给 {to} 的 {what}',
  'raft.drop.down': '{from} 发给 {to} 的 {what} 到达时 {to} 已宕机：消息丢失',
  'raft.resume': '{node} 结束暂停，处理期间排队的事件',

  'raft.title.add': '加入 {server}',
  'raft.title.remove': '移除 {server}',
  'raft.title.transfer': '把领导权移交给 {target}',
  'raft.title.write': '客户端写入 {command}',
  'raft.title.write-at': '客户端在 {node} 写入 {command}',
  'noun.one': '服务器',
  'noun.many': '服务器',
  'raft.milestone.elected': '{node} 当选任期 {term} 的领导者',
  'raft.milestone.first-commit': '{node} 在任期 {term} 提交到条目 {index}',

  'scenario.election.title': '第一次选举',
  'scenario.election.description':
    '五台服务器都以跟随者身份启动，各自的选举超时随机。最先超时的服务器成为候选人并请求投票，获得多数票后成为领导者；它发出的心跳使其他服务器不再发起自己的选举。',
  'scenario.replication.title': '日志复制',
  'scenario.replication.description':
    '选出领导者后，客户端向它发送命令。领导者把每条命令追加到日志中，用 AppendEntries 复制出去，在多数派持有后提交；跟随者从下一条消息中得知提交索引（commitIndex），然后应用该条目。',
  'scenario.leader-crash.title': '领导者崩溃',
  'scenario.leader-crash.description':
    'S1 当选领导者并提交了几个条目，然后崩溃。跟随者不再收到心跳；其中一台超时，赢得新的任期，带着所有已提交的条目继续工作。S1 回来后发现了更高的任期，于是成为跟随者。',
  'scenario.partition-minority-leader.title': '被隔离在少数派中的领导者',
  'scenario.partition-minority-leader.description':
    'S1 一直担任领导者，直到网络分区让它只能和 S2 通信。它仍然接受客户端请求，但这些请求永远无法提交：它联系不到多数派。另外三台服务器在更高的任期选出领导者并提交新条目。网络恢复后，S1 看到更高的任期而卸任，它未提交的条目被替换：所有日志最终完全一致。',
  'scenario.split-vote.title': '分裂投票',
  'scenario.split-vote.description':
    '四台服务器；S1 和 S2 同时超时。S3 先收到 S1 的请求，S4 先收到 S2 的请求，于是每个候选人都只得到四票中的两票：任期 1 没有人胜出。它们重新随机抽取的选举定时器在不同时刻触发，先触发的一方赢得下一个任期。',
  'scenario.figure-8-overwritten.title': '图 8，结局 (d)：多数派上的条目被覆盖',
  'scenario.figure-8-overwritten.description':
    '论文中的图 8。任期 4 的领导者 S1 把它在索引 2 处的任期 2 条目复制到了多数派，但领导者只能对自己任期的条目计算副本数，所以索引 2 并未提交。S1 崩溃；最后一个条目来自任期 3 的 S5 赢得任期 5，并在所有服务器上覆盖了索引 2。这是允许的，正因为索引 2 从未提交。把提交规则切换为有缺陷的变体，就能看到不变式检查器捕捉到其中的差别。',
  'scenario.figure-8-committed.title': '图 8，结局 (e)：借当前任期的条目提交',
  'scenario.figure-8-committed.description':
    '开头与结局 (d) 相同，但 S1 先把它在索引 3 处的任期 4 条目复制到 S2 和 S3。于是索引 3 提交，索引 2 也随之提交。S5 再也无法赢得选举：多数派持有比它更新的日志。最终是 S2 胜出，之后的每个领导者都持有这两个条目。',
  'scenario.lagging-follower.title': '落后的跟随者追上进度',
  'scenario.lagging-follower.description':
    'S1 提交了许多条目时 S5 处于宕机状态；随后 S2 接任领导者，它并不知道 S5 的进度。S5 回来后，S2 的第一条 AppendEntries 与它的日志不匹配；S5 拒绝并附上自己日志结尾位置的提示，S2 一步把 nextIndex 回退到位，然后分批发送缺失的条目，直到 S5 持有完整的日志。',
  'scenario.prevote.title': 'PreVote：被隔离的跟随者悄悄重新加入',
  'scenario.prevote.description':
    'S5 被隔离两秒。开启 PreVote 时，它的选举定时器每次触发都只请求预投票，而没有人能回应，所以它的任期始终不变。分区恢复后，S1 照常担任领导者，仿佛什么都没发生。关闭 PreVote 对比一下：S5 一次又一次地提高任期，恢复时它更高的任期迫使 S1 卸任。',
  'scenario.add-server.title': '加入一台服务器',
  'scenario.add-server.description':
    'S4 启动时不在配置 {S1,S2,S3} 中：它不发起选举，只是等待。S1 当选领导者并提交了自己任期的一个条目后，被要求加入 S4。它先把日志复制给暂不投票的 S4，再把配置 {S1,S2,S3,S4} 作为普通日志条目追加，并且不论是否已提交都立即使用。从此多数派是四台中的三台。',
  'scenario.remove-follower.title': '移除一个跟随者',
  'scenario.remove-follower.description':
    'S1 领导五台服务器，被要求移除 S2。它追加配置 {S1,S3,S4,S5} 并停止向 S2 发送消息，S2 永远不会得知自己已被移除。这里开启了 PreVote，它使 S2 无法扰乱集群：能收到领导者消息的服务器会拒绝它的预投票请求。关闭 PreVote，就会看到 S2 一次又一次地提高任期并把 S1 赶下台。',
  'scenario.remove-leader.title': '移除领导者',
  'scenario.remove-leader.description':
    'S1 被要求移除自己。它追加配置 {S2,S3,S4,S5}，继续担任领导者但不再计入自己的副本；一旦该配置提交，S1 就卸任，并且由于已在集群之外，不再发起选举。其余四台服务器在它们之间选出新的领导者。',
  'scenario.two-changes-at-once.title': '有缺陷：同时进行两个配置变更',
  'scenario.two-changes-at-once.description':
    '在允许领导者于第一个变更提交前就开始第二个变更的有缺陷规则下，S1 先加入 S4 又加入 S5，同时网络分区让 S2 和 S3 停留在旧配置 {S1,S2,S3}。旧配置的多数派（S2、S3）与最新配置的多数派（S1、S4、S5）没有共同的服务器：两边都选出了任期 2 的领导者，检查器报告了这一点。换回论文中的规则：第二个变更会被拒绝，只有一边能选出领导者。',
  'scenario.change-before-term-commit.title': '有缺陷：领导者在本任期提交前就变更配置',
  'scenario.change-before-term-commit.description':
    '2015 年在单服务器变更中发现的缺陷。S1 开始加入 S5，但只联系到了 S5；S2 赢得任期 2 并立即移除 S1，这一变更在 S2 和 S3 上提交。随后 S1 借 S4 和 S5 赢得任期 3，却缺少那个已提交的条目。按照论文的规则，S2 必须先提交一个任期 2 的条目，而该条目也必须到达 S4，S4 之后就会拒绝投票给 S1。',

  'invariant.election-safety.name': '选举安全性（Election Safety）',
  'invariant.election-safety.description': '在任一给定任期内，至多选出一个领导者。',
  'invariant.leader-append-only.name': '领导者只追加（Leader Append-Only）',
  'invariant.leader-append-only.description': '领导者从不覆盖或删除自己日志中的条目。',
  'invariant.log-matching.name': '日志匹配（Log Matching）',
  'invariant.log-matching.description':
    '如果两份日志在同一索引处的条目任期相同，那么它们在该索引之前的所有条目都完全相同。',
  'invariant.leader-completeness.name': '领导者完整性（Leader Completeness）',
  'invariant.leader-completeness.description': '某个任期内提交的条目，会出现在之后所有任期的领导者的日志中。',
  'invariant.state-machine-safety.name': '状态机安全性（State Machine Safety）',
  'invariant.state-machine-safety.description': '任意两台服务器都不会在同一索引处应用不同的条目。',
};

export default zhCn as Readonly<Record<string, string>>;
