import { usePlayer, usePlayerContext } from './context';

/** The algorithm's named scenarios, each loadable with one click (articles link to them as #scenario=id). */
export default function ScenarioList() {
  const { player } = usePlayerContext();
  const module = usePlayer((s) => s.module);
  const current = usePlayer((s) => s.scenarioId);
  if (module.scenarios.length === 0) return <p className="muted">This demo has no named scenarios yet.</p>;
  return (
    <ul className="player-scenarios">
      {module.scenarios.map((s) => (
        <li key={s.id} className={s.id === current ? 'is-current' : undefined} data-scenario={s.id}>
          <button
            type="button"
            aria-current={s.id === current ? 'true' : undefined}
            onClick={() => player.getState().loadNamed(s.id)}
          >
            {s.title}
          </button>
          <p>{s.description}</p>
        </li>
      ))}
    </ul>
  );
}
