import { lazy, Suspense } from 'react';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { ApiKeyForm } from './components/ApiKeyForm';
import { TraceListPage } from './pages/traces/TraceListPage';
import { TraceDetailPage } from './pages/trace/TraceDetailPage';
import { Loading } from './components/Loading';

// Traces open first and fast; the other pages (and uPlot, jsdiff) load when first visited.
const AnalyticsPage = lazy(() => import('./pages/analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const ReplayListPage = lazy(() => import('./pages/replay/ReplayListPage').then((m) => ({ default: m.ReplayListPage })));
const ReplaySetPage = lazy(() => import('./pages/replay/ReplaySetPage').then((m) => ({ default: m.ReplaySetPage })));
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));

const PAGES = [
  { to: '/traces', label: 'Traces' },
  { to: '/analytics', label: 'Analytics' },
  // /replays, not /replay: the query API proxies /replay to the replay service.
  { to: '/replays', label: 'Replay' },
  { to: '/alerts', label: 'Alerts' },
];

/** The shell: navigation, the API key field, and one route per page. */
export function App() {
  return (
    <div className="app">
      <nav className="topbar">
        <span className="brand">Lumina</span>
        {PAGES.map((page) => (
          <NavLink key={page.to} to={page.to}>
            {page.label}
          </NavLink>
        ))}
        <span className="spacer" />
        <ApiKeyForm compact />
      </nav>
      <main>
        <Suspense fallback={<Loading what="the page" />}>
        <Routes>
          <Route path="/" element={<Navigate to="/traces" replace />} />
          <Route path="/traces" element={<TraceListPage />} />
          <Route path="/traces/:traceId" element={<TraceDetailPage />} />
          <Route path="/analytics" element={<AnalyticsPage />} />
          <Route path="/replays" element={<ReplayListPage />} />
          <Route path="/replays/:replayId" element={<ReplaySetPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="*" element={<p className="message">No page here. <NavLink to="/traces">Go to traces</NavLink>.</p>} />
        </Routes>
        </Suspense>
      </main>
    </div>
  );
}
