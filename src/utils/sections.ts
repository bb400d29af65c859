import type { ArticleSection } from '../content/schema';

export interface SectionInfo {
  title: string;
  /** One sentence shown on the home page and as the section page's description. */
  blurb: string;
}

export const SECTION_INFO: Record<ArticleSection, SectionInfo> = {
  consensus: {
    title: 'Consensus',
    blurb: 'How a group of servers agrees on one sequence of decisions while some of them fail.',
  },
  locks: {
    title: 'Locks',
    blurb: 'Mutual exclusion across machines: leases, fencing tokens, and what can go wrong.',
  },
  cache: {
    title: 'Cache',
    blurb: 'Keeping copies close to readers without serving stale data or melting the database.',
  },
  id: {
    title: 'IDs',
    blurb: 'Generating unique, sortable identifiers without a central counter.',
  },
  transactions: {
    title: 'Transactions',
    blurb: 'Atomic changes across services and databases, from two-phase commit to sagas.',
  },
  storage: {
    title: 'Storage',
    blurb: 'Storing bytes across many machines: replication, quorums, erasure codes and file systems.',
  },
  scheduling: {
    title: 'Scheduling',
    blurb: 'Running jobs on a cluster: distributed cron, queues, and delivery guarantees.',
  },
};
