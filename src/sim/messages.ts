/**
 * The kernel's own sentences: events an algorithm does not narrate itself (faults, the network,
 * clocks) and the chapter titles of actions. Durations arrive already written ("150 ms").
 */
import type { Messages } from './i18n';

export const KERNEL_MESSAGES = {
  en: {
    'kernel.handles': '{node} handles {kind}',
    'kernel.drop.loss': 'The network loses a {type} from {from} to {to}',
    'kernel.drop.partition': 'The partition stops a {type} from {from} to {to}',
    'kernel.drop.down': 'A {type} from {from} to {to} arrives, but {to} is down',
    'kernel.resume': '{node} resumes and handles what arrived while it was paused',
    'kernel.pause.down': '{node} is down; there is nothing to pause',
    'kernel.pause': '{node} pauses for {duration}: it handles nothing until then',
    'kernel.partition': 'The network splits into {groups}',
    'kernel.heal': 'The network heals: every node can reach every other',
    'kernel.drop': 'Message #{id} ({type} {from}→{to}) is dropped',
    'kernel.drop.missing': 'Message #{id} is not in flight; nothing is dropped',
    'kernel.duplicate': 'Message #{id} ({type} {from}→{to}) is duplicated as #{copy}',
    'kernel.duplicate.missing': 'Message #{id} is not in flight; nothing is duplicated',
    'kernel.set-loss': 'The network now loses {percent}% of messages',
    'kernel.set-duplication': 'The network now duplicates {percent}% of messages',
    'kernel.set-latency': 'Message latency is now between {min} and {max}',
    'kernel.set-link-latency': 'Messages from {from} to {to} now take between {min} and {max}',
    'kernel.clock-jump.forwards': "{node}'s clock jumps forwards by {duration}",
    'kernel.clock-jump.backwards': "{node}'s clock jumps backwards by {duration}",
    'kernel.clock-rate': "{node}'s clock now runs at {rate}× real time",
    'kernel.crash': '{node} crashes',
    'kernel.crash.down': '{node} is already down',
    'kernel.restart.up': '{node} is already up',
    'kernel.restart': '{node} restarts from its persistent state',
    'kernel.timeout.down': '{node} is down; it cannot time out',
    'kernel.timeout.paused': '{node} is paused: its {timer} timer is due now and fires when it resumes',
    'kernel.client.down': 'A client request to {node} fails: {node} is down',
    'kernel.client.nobody': 'A client request finds no server to take it',
    'kernel.client.paused': 'A client request reaches {node}, which is paused: it waits in the inbox',
  },
  load: { 'zh-cn': () => import('./messages.zh-cn') },
} satisfies Messages;
