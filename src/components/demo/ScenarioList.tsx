import { usePlayer, usePlayerContext } from '../../plugin/context';

/** The algorithm's named scenarios, each loadable with one click (articles link to them as #scenario=id). */
export default function ScenarioList() {
  const { player, idPrefix } = usePlayerContext();
  const module = usePlayer((s) => s.module);
  const current = usePlayer((s) => s.scenarioId);
  if (module.scenarios.length === 0) return <p className="muted">This demo has no named scenarios yet.</p>;
  const chosen = module.scenarios.find((s) => s.id === current);
  return (
    <>
      <ul className="player-scenarios">
        {module.scenarios.map((s) => (
          <li key={s.id} className={s.id === current ? 'is-current' : undefined} data-scenario={s.id}>
            <button
              type="button"
              aria-current={s.id === current ? 'true' : undefined}
              aria-describedby={s.id === current ? `${idPrefix}-scenario-about` : undefined}
              onClick={() => player.getState().loadNamed(s.id)}
            >
              {s.title}
            </button>
          </li>
        ))}
      </ul>
      <p id={`${idPrefix}-scenario-about`} className="player-scenario-about" data-testid="scenario-about">
        {chosen ? chosen.description : 'Pick a scenario to load it; what to watch for appears here.'}
      </p>
    </>
  );
}
