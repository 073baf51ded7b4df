import '../common/styles.css';
import { render } from 'preact';
import { Shop } from './app';

render(<Shop />, document.getElementById('app')!);
