import '../common/styles.css';
import { render } from 'preact';
import { Console } from './app';

render(<Console />, document.getElementById('app')!);
